/// One sequence of a trace: the activation mask of every layer over the sequence's traced tokens
/// (real tokens, plus virtual prompt tokens under prompt tuning), and optionally the quantised
/// values of the non-zero activations.
public struct TraceRecord: Sendable, Equatable {
  /// Index of the sequence in the evaluation set.
  public var sequenceIndex: Int
  public var tokenCount: Int
  /// One mask per layer, each `tokenCount × intermediate`.
  public var masks: [ActivationMask]
  /// Optional, per layer: the quantised values of the non-zero activations in mask order
  /// (token-major, ascending unit). Present only when the header's `storesValues` is true.
  public var values: [[Int8]]?

  public init(sequenceIndex: Int, masks: [ActivationMask], values: [[Int8]]? = nil) {
    precondition(!masks.isEmpty, "a record needs at least one layer mask")
    let t = masks[0].tokenCount
    precondition(masks.allSatisfy { $0.tokenCount == t }, "all layer masks need the same tokens")
    self.sequenceIndex = sequenceIndex
    self.tokenCount = t
    self.masks = masks
    self.values = values
  }
}
