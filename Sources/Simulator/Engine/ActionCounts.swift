/// Everything a piece of work costs, as counts (cycles, MACs, bytes, vector operations). Counts
/// add up over GEMMs, layers and sequences; energy is derived from them by ``EnergyBreakdown``.
public struct ActionCounts: Codable, Sendable, Equatable {
  public var macsComputed = 0
  public var macsSkipped = 0
  public var macsGated = 0
  /// PE-array cycles (fills, drains and streaming), no memory stalls.
  public var computeCycles = 0
  /// Cycles to move the DRAM traffic at the configured bandwidth.
  public var memoryCycles = 0
  /// Vector-unit cycles (elements / lanes).
  public var vectorCycles = 0
  /// Latency: compute and memory combined (overlapped under double buffering), plus vector cycles.
  public var totalCycles = 0
  public var sramIfmapReadBytes = 0
  public var sramFilterReadBytes = 0
  public var sramOfmapWriteBytes = 0
  /// Activation-format metadata read from SRAM (bitmask bits, run lengths), not in ifmap bytes.
  public var sramMetadataReadBytes = 0
  /// All DRAM reads, including metadata.
  public var dramReadBytes = 0
  public var dramWriteBytes = 0
  /// Metadata share of `dramReadBytes`.
  public var dramMetadataReadBytes = 0
  public var vectorElements = 0
  /// Elements through the mask encoder after GELU (zero compare, bitmask, union).
  public var encoderElements = 0
  /// Block indices emitted by skip lanes (ws) or os index-list entries streamed.
  public var indexGenerations = 0
  /// MACs that read their weight from a D-slot store (`peArray.weightsPerPE` > 1).
  public var weightSlotReads = 0
  /// Fold compaction: indices translated to union positions plus weight rows gathered.
  public var compactionOperations = 0
  /// Skip setup (the controller reads each M tile's union before its first window); included in
  /// `computeCycles`.
  public var skipSetupCycles = 0

  public init() {}

  private enum CodingKeys: String, CodingKey {
    case macsComputed, macsSkipped, macsGated, computeCycles, memoryCycles, vectorCycles
    case totalCycles, sramIfmapReadBytes, sramFilterReadBytes, sramOfmapWriteBytes
    case sramMetadataReadBytes, dramReadBytes, dramWriteBytes, dramMetadataReadBytes
    case vectorElements, encoderElements, indexGenerations, weightSlotReads
    case compactionOperations, skipSetupCycles
  }

  /// The skip-hardware counts are optional (absent: 0), so results written before they existed
  /// decode.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func int(_ key: CodingKeys) throws -> Int { try c.decode(Int.self, forKey: key) }
    func optional(_ key: CodingKeys) throws -> Int {
      try c.decodeIfPresent(Int.self, forKey: key) ?? 0
    }
    macsComputed = try int(.macsComputed)
    macsSkipped = try int(.macsSkipped)
    macsGated = try int(.macsGated)
    computeCycles = try int(.computeCycles)
    memoryCycles = try int(.memoryCycles)
    vectorCycles = try int(.vectorCycles)
    totalCycles = try int(.totalCycles)
    sramIfmapReadBytes = try int(.sramIfmapReadBytes)
    sramFilterReadBytes = try int(.sramFilterReadBytes)
    sramOfmapWriteBytes = try int(.sramOfmapWriteBytes)
    sramMetadataReadBytes = try int(.sramMetadataReadBytes)
    dramReadBytes = try int(.dramReadBytes)
    dramWriteBytes = try int(.dramWriteBytes)
    dramMetadataReadBytes = try int(.dramMetadataReadBytes)
    vectorElements = try int(.vectorElements)
    encoderElements = try optional(.encoderElements)
    indexGenerations = try optional(.indexGenerations)
    weightSlotReads = try optional(.weightSlotReads)
    compactionOperations = try optional(.compactionOperations)
    skipSetupCycles = try optional(.skipSetupCycles)
  }

  /// All MACs of the work, whatever happened to them.
  public var macsTotal: Int { macsComputed + macsSkipped + macsGated }

  /// Sums saturate at `Int.max` instead of trapping or wrapping (a replay's totals are bounded by
  /// ``WorkloadBounds`` per GEMM; only an absurdly long trace could reach the bound).
  public static func += (lhs: inout ActionCounts, rhs: ActionCounts) {
    lhs.macsComputed = saturatingSum(lhs.macsComputed, rhs.macsComputed)
    lhs.macsSkipped = saturatingSum(lhs.macsSkipped, rhs.macsSkipped)
    lhs.macsGated = saturatingSum(lhs.macsGated, rhs.macsGated)
    lhs.computeCycles = saturatingSum(lhs.computeCycles, rhs.computeCycles)
    lhs.memoryCycles = saturatingSum(lhs.memoryCycles, rhs.memoryCycles)
    lhs.vectorCycles = saturatingSum(lhs.vectorCycles, rhs.vectorCycles)
    lhs.totalCycles = saturatingSum(lhs.totalCycles, rhs.totalCycles)
    lhs.sramIfmapReadBytes = saturatingSum(lhs.sramIfmapReadBytes, rhs.sramIfmapReadBytes)
    lhs.sramFilterReadBytes = saturatingSum(lhs.sramFilterReadBytes, rhs.sramFilterReadBytes)
    lhs.sramOfmapWriteBytes = saturatingSum(lhs.sramOfmapWriteBytes, rhs.sramOfmapWriteBytes)
    lhs.sramMetadataReadBytes = saturatingSum(lhs.sramMetadataReadBytes, rhs.sramMetadataReadBytes)
    lhs.dramReadBytes = saturatingSum(lhs.dramReadBytes, rhs.dramReadBytes)
    lhs.dramWriteBytes = saturatingSum(lhs.dramWriteBytes, rhs.dramWriteBytes)
    lhs.dramMetadataReadBytes = saturatingSum(lhs.dramMetadataReadBytes, rhs.dramMetadataReadBytes)
    lhs.vectorElements = saturatingSum(lhs.vectorElements, rhs.vectorElements)
    lhs.encoderElements = saturatingSum(lhs.encoderElements, rhs.encoderElements)
    lhs.indexGenerations = saturatingSum(lhs.indexGenerations, rhs.indexGenerations)
    lhs.weightSlotReads = saturatingSum(lhs.weightSlotReads, rhs.weightSlotReads)
    lhs.compactionOperations = saturatingSum(lhs.compactionOperations, rhs.compactionOperations)
    lhs.skipSetupCycles = saturatingSum(lhs.skipSetupCycles, rhs.skipSetupCycles)
  }

  public static func + (lhs: ActionCounts, rhs: ActionCounts) -> ActionCounts {
    var sum = lhs
    sum += rhs
    return sum
  }

  /// The counts of `instances` identical copies.
  public func times(_ instances: Int) -> ActionCounts {
    var result = ActionCounts()
    for _ in 0..<instances { result += self }
    return result
  }
}

@inline(__always)
func saturatingSum(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b > 0 ? Int.max : Int.min) : sum
}
