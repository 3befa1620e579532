/// DRAM traffic and latency of one GEMM from its operand sizes and the SRAM buffers
/// (docs/simulator-model.md, "Memory").
///
/// Policy: every GEMM reads its operands from DRAM and writes its output to DRAM, per sequence
/// (no fusion across GEMMs, no residency across sequences). An operand that fits in the usable
/// part of its buffer (half of it under double buffering) is fetched once; otherwise it is
/// refetched every time the array re-reads it (`refetchBytes`). An output that does not fit
/// spills its partial sums: written once per partial-sum pass and read back for all but the first.
/// A shared buffer holds all three operands when they fit together; otherwise each operand
/// gets a third of it.
struct OperandTraffic {
  /// Bytes fetched when the operand stays resident.
  var onceBytes: Int
  /// Total bytes fetched when it does not fit.
  var refetchBytes: Int
  /// Metadata part of `onceBytes` and `refetchBytes`.
  var onceMetadataBytes = 0
  var refetchMetadataBytes = 0
}

struct MemoryTraffic: Equatable {
  var dramReadBytes = 0
  var dramWriteBytes = 0
  var dramMetadataReadBytes = 0
  /// Filter-operand (weight) share of `dramReadBytes`.
  var dramFilterReadBytes = 0
}

enum MemoryModel {
  static func traffic(
    ifmap: OperandTraffic, filter: OperandTraffic, ofmapBytes: Int, ofmapPasses: Int,
    config: HardwareConfig
  ) -> MemoryTraffic {
    let divisor = config.doubleBuffering ? 2 : 1
    let ifmapResident: Bool
    let filterResident: Bool
    let ofmapResident: Bool
    if let shared = config.sram.sharedKiB {
      // All three resident when they fit together, else each gets a third (monotone: smaller
      // operands never lose residency).
      let usable = Int(shared * 1024) / divisor
      let together = ifmap.onceBytes + filter.onceBytes + ofmapBytes <= usable
      filterResident = together || filter.onceBytes <= usable / 3
      ifmapResident = together || ifmap.onceBytes <= usable / 3
      ofmapResident = together || ofmapBytes <= usable / 3
    } else {
      func usable(_ kiB: Double?) -> Int { Int((kiB ?? 0) * 1024) / divisor }
      ifmapResident = ifmap.onceBytes <= usable(config.sram.ifmapKiB)
      filterResident = filter.onceBytes <= usable(config.sram.filterKiB)
      ofmapResident = ofmapBytes <= usable(config.sram.ofmapKiB)
    }
    var result = MemoryTraffic()
    result.dramReadBytes += ifmapResident ? ifmap.onceBytes : ifmap.refetchBytes
    result.dramMetadataReadBytes +=
      ifmapResident ? ifmap.onceMetadataBytes : ifmap.refetchMetadataBytes
    result.dramFilterReadBytes = filterResident ? filter.onceBytes : filter.refetchBytes
    result.dramReadBytes += result.dramFilterReadBytes
    if ofmapResident || ofmapPasses <= 1 {
      result.dramWriteBytes += ofmapBytes
    } else {
      result.dramWriteBytes += ofmapBytes * ofmapPasses
      result.dramReadBytes += ofmapBytes * (ofmapPasses - 1)
    }
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
