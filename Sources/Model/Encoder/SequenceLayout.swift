/// Where each sequence's rows sit in the `[N, features]` matrices of one encoder pass, after
/// `promptTokens` virtual tokens (prompt tuning) are prepended to every sequence.
///
/// Rows of sequence `s`: `offsets[s] ..< offsets[s] + lengths[s]`: first the prompt rows, then the
/// tokens, then any padding. Attention keys are the first `keyLengths[s]` rows (prompt + real
/// tokens): padding rows are computed but never attended to.
public struct SequenceLayout: Sendable, Equatable {
  public let lengths: [Int]
  public let offsets: [Int]
  public let keyLengths: [Int]
  public let promptTokens: Int
  public let rowCount: Int

  public init(batch: PackedBatch, promptTokens: Int = 0) {
    precondition(promptTokens >= 0, "promptTokens must be >= 0")
    var offsets: [Int] = []
    var row = 0
    for length in batch.lengths {
      offsets.append(row)
      row += length + promptTokens
    }
    self.lengths = batch.lengths.map { $0 + promptTokens }
    self.offsets = offsets
    self.keyLengths = batch.realLengths.map { $0 + promptTokens }
    self.promptTokens = promptTokens
    self.rowCount = row
  }

  public var sequenceCount: Int { lengths.count }
  public var maxLength: Int { lengths.max() ?? 0 }

  /// The `[CLS]` row of sequence `s` (its first real token).
  public func clsRow(_ s: Int) -> Int { offsets[s] + promptTokens }

  /// Rows of sequence `s` whose activations are traced and measured: prompt and real tokens.
  public func tracedRows(_ s: Int) -> Range<Int> { offsets[s]..<(offsets[s] + keyLengths[s]) }

  /// Rows of the real tokens of sequence `s` (no prompt, no padding).
  public func tokenRows(_ s: Int) -> Range<Int> {
    (offsets[s] + promptTokens)..<(offsets[s] + keyLengths[s])
  }

  /// Attention probability floats of one pass: per sequence and head, `rows × keys`.
  public func probabilityCount(heads: Int, prefixLength: Int) -> Int {
    zip(lengths, keyLengths).reduce(0) { $0 + $1.0 * ($1.1 + prefixLength) } * heads
  }
}
