/// A batch of variable-length sequences packed row after row without padding: sequence `s` holds
/// rows `offsets[s] ..< offsets[s] + lengths[s]` of every `[tokens, features]` activation matrix.
/// Padded positions are never stored, so they never cost work.
///
/// For parity with code that pads (the DEFT paper's density loss averages over padding),
/// ``padded(to:padId:)`` appends `[PAD]` rows: they are computed like tokens but no token attends
/// to them, so real tokens' results do not change; `realLengths` keeps the unpadded lengths.
public struct PackedBatch: Sendable, Equatable {
  public var inputIds: [Int32]
  public var tokenTypeIds: [Int32]
  public var lengths: [Int]
  public var offsets: [Int]
  /// Real (unpadded) tokens per sequence; equal to `lengths` unless padded.
  public var realLengths: [Int]

  /// Total number of rows (real tokens plus any padding).
  public var tokenCount: Int { inputIds.count }
  public var sequenceCount: Int { lengths.count }
  public var maxLength: Int { lengths.max() ?? 0 }
  /// Real tokens over all sequences.
  public var realTokenCount: Int { realLengths.reduce(0, +) }
  public var isPadded: Bool { realLengths != lengths }

  public init(_ encodings: [Encoding]) {
    var ids: [Int32] = []
    var types: [Int32] = []
    var lengths: [Int] = []
    var offsets: [Int] = []
    for e in encodings {
      offsets.append(ids.count)
      lengths.append(e.count)
      ids += e.inputIds
      types += e.tokenTypeIds
    }
    self.inputIds = ids
    self.tokenTypeIds = types
    self.lengths = lengths
    self.offsets = offsets
    self.realLengths = lengths
  }

  /// Packs a padded batch, keeping the positions whose attention mask is 1. Each row's kept
  /// positions must be a prefix (right padding), as BERT tokenizers produce.
  public init(paddedIds: [[Int32]], tokenTypeIds: [[Int32]], attentionMask: [[Int32]]) {
    precondition(
      paddedIds.count == attentionMask.count && paddedIds.count == tokenTypeIds.count,
      "padded batch: \(paddedIds.count) rows of ids, \(tokenTypeIds.count) of types, "
        + "\(attentionMask.count) of mask")
    var encodings: [Encoding] = []
    for (row, mask) in zip(paddedIds.indices, attentionMask) {
      let n = mask.reduce(0) { $0 + Int($1) }
      precondition(mask.prefix(n).allSatisfy { $0 == 1 }, "row \(row): mask is not right-padded")
      encodings.append(
        Encoding(
          inputIds: Array(paddedIds[row].prefix(n)),
          tokenTypeIds: Array(tokenTypeIds[row].prefix(n)), tokens: []))
    }
    self.init(encodings)
  }

  /// Every sequence extended with `padId` rows (token type 0) to `length` rows (default: the
  /// longest sequence), as a padding tokenizer would give. Real lengths are kept.
  public func padded(to length: Int? = nil, padId: Int32) -> PackedBatch {
    let target = length ?? maxLength
    var ids: [Int32] = []
    var types: [Int32] = []
    var offsets: [Int] = []
    for s in 0..<sequenceCount {
      precondition(lengths[s] <= target, "sequence \(s) has \(lengths[s]) rows > \(target)")
      offsets.append(ids.count)
      let rows = self.offsets[s]..<(self.offsets[s] + lengths[s])
      ids += inputIds[rows]
      types += tokenTypeIds[rows]
      ids += [Int32](repeating: padId, count: target - lengths[s])
      types += [Int32](repeating: 0, count: target - lengths[s])
    }
    var out = self
    out.inputIds = ids
    out.tokenTypeIds = types
    out.offsets = offsets
    out.lengths = [Int](repeating: target, count: sequenceCount)
    return out
  }
}
