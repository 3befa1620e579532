/// Choices about the workload that the trace header does not fix.
public struct WorkloadOptions: Codable, Sendable, Equatable {
  /// LoRA weights merged into the base weights (no extra cost, the default) or run as separate
  /// `T × in × r` and `T × r × out` GEMMs per target.
  public var loraMerged: Bool
  /// Consecutive records replayed as one batch (≥ 1; the last batch may be smaller). Per layer
  /// and batch the token-parallel GEMMs run once with M = the batch's tokens, so their weights
  /// are fetched once per batch; attention scores and context stay per sequence. 1 (the
  /// default) replays one sequence at a time. See docs/simulator-model.md, "Batching".
  public var batchSequences: Int

  public init(loraMerged: Bool = true, batchSequences: Int = 1) {
    precondition(batchSequences >= 1, "batchSequences must be >= 1, got \(batchSequences)")
    self.loraMerged = loraMerged
    self.batchSequences = batchSequences
  }

  private enum CodingKeys: String, CodingKey {
    case loraMerged
    case batchSequences
  }

  /// `batchSequences` is optional in JSON (absent means 1), so results written before batching
  /// existed still decode.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    loraMerged = try container.decode(Bool.self, forKey: .loraMerged)
    batchSequences = try container.decodeIfPresent(Int.self, forKey: .batchSequences) ?? 1
    guard batchSequences >= 1 else {
      throw DecodingError.dataCorruptedError(
        forKey: .batchSequences, in: container,
        debugDescription: "batchSequences must be >= 1, found \(batchSequences)")
    }
  }

  /// Writes `batchSequences` only when it is not 1, so batch-1 results are byte for byte those
  /// of a deft-sim without batching.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(loraMerged, forKey: .loraMerged)
    if batchSequences != 1 { try container.encode(batchSequences, forKey: .batchSequences) }
  }
}
