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

  public init() {}

  /// All MACs of the work, whatever happened to them.
  public var macsTotal: Int { macsComputed + macsSkipped + macsGated }

  public static func += (lhs: inout ActionCounts, rhs: ActionCounts) {
    lhs.macsComputed += rhs.macsComputed
    lhs.macsSkipped += rhs.macsSkipped
    lhs.macsGated += rhs.macsGated
    lhs.computeCycles += rhs.computeCycles
    lhs.memoryCycles += rhs.memoryCycles
    lhs.vectorCycles += rhs.vectorCycles
    lhs.totalCycles += rhs.totalCycles
    lhs.sramIfmapReadBytes += rhs.sramIfmapReadBytes
    lhs.sramFilterReadBytes += rhs.sramFilterReadBytes
    lhs.sramOfmapWriteBytes += rhs.sramOfmapWriteBytes
    lhs.sramMetadataReadBytes += rhs.sramMetadataReadBytes
    lhs.dramReadBytes += rhs.dramReadBytes
    lhs.dramWriteBytes += rhs.dramWriteBytes
    lhs.dramMetadataReadBytes += rhs.dramMetadataReadBytes
    lhs.vectorElements += rhs.vectorElements
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
