/// DRAM traffic and latency of one GEMM from its operand sizes and the SRAM buffers
/// (docs/simulator-model.md, "Memory").
///
/// Every GEMM reads its operands from DRAM and writes its output to DRAM, per sequence or per
/// batch (no fusion across GEMMs, no residency across sequences or batches). Usable capacity is
/// a buffer's size, half of it under double buffering. Two loop orders are costed and the one
/// with fewer DRAM bytes is taken (`fold` on ties):
/// - **fold** (SCALE-Sim's order): an operand that fits is fetched once, otherwise it is
///   refetched every time the array re-reads it (`refetchBytes`); an output that does not fit
///   spills its partial sums: written once per partial-sum pass, read back for all but the first.
/// - **M-tiled** (``MTiledOperands``): M is cut into tiles of m rows whose ifmap and ofmap fit;
///   each tile's ifmap and ofmap move once, the weights are streamed once per tile (fetched once
///   overall when they fit).
///
/// A shared buffer holds all three operands when they fit together; otherwise each gets a third
/// of it (monotone: smaller operands never lose residency). For M tiles the same rule gives two
/// candidates: tiles that fit together with the whole weights, or tiles of a third each.
struct OperandTraffic {
  /// Bytes fetched when the operand stays resident.
  var onceBytes: Int
  /// Total bytes fetched when it does not fit.
  var refetchBytes: Int
  /// Metadata part of `onceBytes` and `refetchBytes`.
  var onceMetadataBytes = 0
  var refetchMetadataBytes = 0
}

/// What the M-tiled order needs to know about a GEMM with M = `rows`.
struct MTiledOperands {
  /// M: the rows (tokens) of the ifmap and the ofmap.
  var rows: Int
  /// Worst-case bits of one ifmap row in its storage format: K·(8·bytes + metadata bits per
  /// unit). Tiles are sized for it, so the tile size never depends on the mask.
  var ifmapBitsPerRow: Int
  /// N · bytes.
  var ofmapBytesPerRow: Int
  /// ``MemoryModel/tileRows(ifmapBitsPerRow:ofmapBytesPerRow:config:)`` (0: one row does not fit).
  var tileRows: Int
  /// Σ over the ⌈rows / tileRows⌉ tiles of the weight bytes each streams: K·N·bytes each, or
  /// under `skip` the union of the tile's non-zero weight rows.
  var filterStreamBytes: Int
}

/// Everything the memory model needs to know about one GEMM.
struct GEMMMemoryInputs {
  var ifmap: OperandTraffic
  var filter: OperandTraffic
  var ofmapBytes: Int
  /// Partial-sum passes of the output in the fold order (⌈K/R⌉ for ws and is, 1 for os).
  var ofmapPasses: Int
  var tiling: MTiledOperands
}

struct MemoryTraffic: Equatable {
  var dramReadBytes = 0
  var dramWriteBytes = 0
  var dramMetadataReadBytes = 0
  /// Filter-operand (weight) share of `dramReadBytes`.
  var dramFilterReadBytes = 0
  var order = MemoryOrder.fold

  var totalBytes: Int { dramReadBytes + dramWriteBytes }
}

enum MemoryModel {
  /// The cheaper of the fold and the M-tiled order (fold when they tie, so a GEMM whose
  /// operands fit costs what it did before M-tiling existed).
  static func traffic(_ gemm: GEMMMemoryInputs, config: HardwareConfig) -> MemoryTraffic {
    let fold = foldTraffic(gemm, config: config)
    guard let tiled = mTiledTraffic(gemm, config: config), tiled.totalBytes < fold.totalBytes
    else { return fold }
    return tiled
  }

  /// Usable bytes of a buffer of `kiB` (half under double buffering).
  static func usableBytes(_ kiB: Double?, config: HardwareConfig) -> Int {
    Int((kiB ?? 0) * 1024) / (config.doubleBuffering ? 2 : 1)
  }

  /// SCALE-Sim's order: resident operands once, the others per pass, partial sums spilled.
  static func foldTraffic(_ gemm: GEMMMemoryInputs, config: HardwareConfig) -> MemoryTraffic {
    let (ifmap, filter, ofmapBytes) = (gemm.ifmap, gemm.filter, gemm.ofmapBytes)
    let ifmapResident: Bool
    let filterResident: Bool
    let ofmapResident: Bool
    if let shared = config.sram.sharedKiB {
      let usable = usableBytes(shared, config: config)
      let together = ifmap.onceBytes + filter.onceBytes + ofmapBytes <= usable
      filterResident = together || filter.onceBytes <= usable / 3
      ifmapResident = together || ifmap.onceBytes <= usable / 3
      ofmapResident = together || ofmapBytes <= usable / 3
    } else {
      ifmapResident = ifmap.onceBytes <= usableBytes(config.sram.ifmapKiB, config: config)
      filterResident = filter.onceBytes <= usableBytes(config.sram.filterKiB, config: config)
      ofmapResident = ofmapBytes <= usableBytes(config.sram.ofmapKiB, config: config)
    }
    var result = MemoryTraffic()
    result.dramReadBytes += ifmapResident ? ifmap.onceBytes : ifmap.refetchBytes
    result.dramMetadataReadBytes +=
      ifmapResident ? ifmap.onceMetadataBytes : ifmap.refetchMetadataBytes
    result.dramFilterReadBytes = filterResident ? filter.onceBytes : filter.refetchBytes
    result.dramReadBytes += result.dramFilterReadBytes
    if ofmapResident || gemm.ofmapPasses <= 1 {
      result.dramWriteBytes += ofmapBytes
    } else {
      result.dramWriteBytes += ofmapBytes * gemm.ofmapPasses
      result.dramReadBytes += ofmapBytes * (gemm.ofmapPasses - 1)
    }
    return result
  }

  /// Rows per M tile: the largest m whose worst-case ifmap tile (m × K) and ofmap tile (m × N)
  /// fit their usable buffers, a third of a shared buffer each. With the ifmap at
  /// `K·(8b + bits)` bits per row, `m·K·b + ⌈m·K·bits/8⌉ ≤ U ⟺ m ≤ 8U / (K·(8b + bits))`:
  /// `m = min(⌊8·U_ifmap / ifmapBitsPerRow⌋, ⌊U_ofmap / ofmapBytesPerRow⌋)`. Independent of M
  /// and of the mask; 0 when one row does not fit.
  static func tileRows(ifmapBitsPerRow: Int, ofmapBytesPerRow: Int, config: HardwareConfig)
    -> Int
  {
    precondition(ifmapBitsPerRow > 0 && ofmapBytesPerRow > 0, "empty GEMM rows")
    let ifmapUsable: Int
    let ofmapUsable: Int
    if let shared = config.sram.sharedKiB {
      ifmapUsable = usableBytes(shared, config: config) / 3
      ofmapUsable = ifmapUsable
    } else {
      ifmapUsable = usableBytes(config.sram.ifmapKiB, config: config)
      ofmapUsable = usableBytes(config.sram.ofmapKiB, config: config)
    }
    return min(8 * ifmapUsable / ifmapBitsPerRow, ofmapUsable / ofmapBytesPerRow)
  }

  /// The M-tiled order, or nil when not even one row fits. Candidates (fewest weight bytes
  /// wins, the first on ties):
  /// 1. tiles of `tiling.tileRows` rows; the weights fetched once when they fit their buffer (a
  ///    third of a shared one), else streamed per tile (`filterStreamBytes`);
  /// 2. shared buffer only: tiles that fit together with the whole weights F (fetched once):
  ///    `m·(K·(8b + bits) + 8·N·b) ≤ 8·(U − F)`.
  /// Ifmap (`onceBytes`, the actual stored size) and ofmap move once: no refetch, no spill.
  static func mTiledTraffic(_ gemm: GEMMMemoryInputs, config: HardwareConfig) -> MemoryTraffic? {
    let (ifmap, filter, tiling) = (gemm.ifmap, gemm.filter, gemm.tiling)
    guard tiling.rows > 0 else { return nil }
    var best: (rows: Int, filterBytes: Int)?
    func consider(rows: Int, filterBytes: Int) {
      guard rows > 0 else { return }
      if let current = best, current.filterBytes <= filterBytes { return }
      best = (rows, filterBytes)
    }
    if let shared = config.sram.sharedKiB {
      let usable = usableBytes(shared, config: config)
      let filterResident = filter.onceBytes <= usable / 3
      consider(
        rows: tiling.tileRows,
        filterBytes: filterResident ? filter.onceBytes : tiling.filterStreamBytes)
      let room = usable - filter.onceBytes
      if room > 0 {
        let together = 8 * room / (tiling.ifmapBitsPerRow + 8 * tiling.ofmapBytesPerRow)
        consider(rows: together, filterBytes: filter.onceBytes)
      }
    } else {
      let filterResident =
        filter.onceBytes <= usableBytes(config.sram.filterKiB, config: config)
      consider(
        rows: tiling.tileRows,
        filterBytes: filterResident ? filter.onceBytes : tiling.filterStreamBytes)
    }
    guard let best else { return nil }
    var result = MemoryTraffic()
    result.dramFilterReadBytes = best.filterBytes
    result.dramReadBytes = ifmap.onceBytes + best.filterBytes
    result.dramMetadataReadBytes = ifmap.onceMetadataBytes
    result.dramWriteBytes = gemm.ofmapBytes
    result.order = .mTiled(tileRows: min(best.rows, tiling.rows))
    return result
  }

  /// Cycles to move `bytes` at the configured DRAM bandwidth.
  static func transferCycles(bytes: Int, config: HardwareConfig) -> Int {
    Int((Double(bytes) / config.dramBytesPerCycle).rounded(.up))
  }

  /// Latency of a GEMM split into `tiles` (its folds). Double-buffered: transfers overlap compute,
  /// `max(compute, memory) + memory / tiles` (the first tile's fetch cannot overlap); otherwise
  /// `compute + memory`.
  static func totalCycles(computeCycles: Int, memoryCycles: Int, tiles: Int, config: HardwareConfig)
    -> Int
  {
    guard config.doubleBuffering else { return computeCycles + memoryCycles }
    let fill = (memoryCycles + max(tiles, 1) - 1) / max(tiles, 1)
    return max(computeCycles, memoryCycles) + fill
  }
}
