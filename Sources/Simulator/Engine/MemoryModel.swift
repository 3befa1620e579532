/// DRAM traffic of one GEMM run under a loop order (docs/simulator-model.md, "Memory").
///
/// Fold order (one M tile): an operand that fits its usable buffer (half under double buffering,
/// a third of a shared buffer unless all fit together) is fetched once, otherwise refetched per
/// pass; an output whose live tile does not fit spills its partial sums per K pass.
/// M-tiled order: each tile's ifmap and output move once (tiles are sized so they fit), the
/// weights once overall when they fit, else once per tile.
struct OperandTraffic {
  /// Bytes fetched when the operand stays resident.
  var onceBytes: Int
  /// Total bytes fetched when it does not fit.
  var refetchBytes: Int
  /// Metadata part of `onceBytes` and `refetchBytes`.
  var onceMetadataBytes = 0
  var refetchMetadataBytes = 0
}

/// Everything the memory model needs to know about one GEMM run.
struct GEMMMemoryInputs {
  var ifmap: OperandTraffic
  var filter: OperandTraffic
  /// The output as written to DRAM (operand width, or the compressed format).
  var ofmapBytes: Int
  /// Bytes of the live partial-sum tile that must stay on chip to avoid spills.
  var liveOutputBytes: Int
  /// Partial-sum passes over K (1: no spill possible) and the bytes of one spilled pass.
  var ofmapPasses: Int
  var spillBytesPerPass: Int
  /// M-tiled: the number of tiles (1: the fold order) and the weight bytes the tiles stream.
  var tiles: Int
  var filterStreamBytes: Int
}

struct MemoryTraffic: Equatable {
  var dramReadBytes = 0
  var dramWriteBytes = 0
  var dramMetadataReadBytes = 0
  /// Filter-operand (weight) share of `dramReadBytes`.
  var dramFilterReadBytes = 0

  var totalBytes: Int { dramReadBytes + dramWriteBytes }
}

enum MemoryModel {
  /// Usable bytes of a buffer of `kiB` (half under double buffering).
  static func usableBytes(_ kiB: Double?, config: HardwareConfig) -> Int {
    Int((kiB ?? 0) * 1024) / (config.doubleBuffering ? 2 : 1)
  }

  /// Usable bytes for each operand: per-operand buffers, or a third of a shared one.
  static func usable(config: HardwareConfig) -> (ifmap: Int, filter: Int, ofmap: Int) {
    if let shared = config.sram.sharedKiB {
      let third = usableBytes(shared, config: config) / 3
      return (third, third, third)
    }
    return (
      usableBytes(config.sram.ifmapKiB, config: config),
      usableBytes(config.sram.filterKiB, config: config),
      usableBytes(config.sram.ofmapKiB, config: config)
    )
  }

  static func traffic(_ gemm: GEMMMemoryInputs, config: HardwareConfig) -> MemoryTraffic {
    let (ifmap, filter) = (gemm.ifmap, gemm.filter)
    let room = usable(config: config)
    var together = false
    if let shared = config.sram.sharedKiB {
      together =
        ifmap.onceBytes + filter.onceBytes + gemm.liveOutputBytes
        <= usableBytes(shared, config: config)
    }
    var result = MemoryTraffic()
    if gemm.tiles > 1 {
      let filterResident = together || filter.onceBytes <= room.filter
      result.dramFilterReadBytes = filterResident ? filter.onceBytes : gemm.filterStreamBytes
      result.dramReadBytes = ifmap.onceBytes + result.dramFilterReadBytes
      result.dramMetadataReadBytes = ifmap.onceMetadataBytes
      result.dramWriteBytes = gemm.ofmapBytes
      return result
    }
    let ifmapResident = together || ifmap.onceBytes <= room.ifmap
    let filterResident = together || filter.onceBytes <= room.filter
    let ofmapResident = together || gemm.liveOutputBytes <= room.ofmap
    result.dramReadBytes += ifmapResident ? ifmap.onceBytes : ifmap.refetchBytes
    result.dramMetadataReadBytes +=
      ifmapResident ? ifmap.onceMetadataBytes : ifmap.refetchMetadataBytes
    result.dramFilterReadBytes = filterResident ? filter.onceBytes : filter.refetchBytes
    result.dramReadBytes += result.dramFilterReadBytes
    result.dramWriteBytes += gemm.ofmapBytes
    if !ofmapResident && gemm.ofmapPasses > 1 {
      result.dramWriteBytes += gemm.spillBytesPerPass * (gemm.ofmapPasses - 1)
      result.dramReadBytes += gemm.spillBytesPerPass * (gemm.ofmapPasses - 1)
    }
    return result
  }

  /// Cycles to move `bytes` at the configured DRAM bandwidth (configs bound the bandwidth and
  /// the engine bounds the bytes, so the result is finite and fits an Int).
  static func transferCycles(bytes: Int, config: HardwareConfig) -> Int {
    let cycles = (Double(bytes) / config.dramBytesPerCycle).rounded(.up)
    return cycles.isFinite && cycles < 9e18 ? Int(cycles) : Int.max / 4
  }

  /// Latency of a GEMM split into `windows`. Double-buffered: transfers overlap compute,
  /// `max(compute, memory) + memory / windows` (the first window's fetch cannot overlap);
  /// otherwise `compute + memory`.
  static func totalCycles(computeCycles: Int, memoryCycles: Int, tiles: Int, config: HardwareConfig)
    -> Int
  {
    guard config.doubleBuffering else { return computeCycles + memoryCycles }
    let fill = (memoryCycles + max(tiles, 1) - 1) / max(tiles, 1)
    return max(computeCycles, memoryCycles) + fill
  }
}
