/// A batch of variable-length sequences packed row after row without padding: sequence `s` holds
/// rows `offsets[s] ..< offsets[s] + lengths[s]` of every `[tokens, features]` activation matrix.
/// Padded positions are never stored, so they never cost work.
public struct PackedBatch: Sendable, Equatable {
  public var inputIds: [Int32]
  public var tokenTypeIds: [Int32]
  public var lengths: [Int]
  public var offsets: [Int]

  /// Total number of real tokens.
  public var tokenCount: Int { inputIds.count }
  public var sequenceCount: Int { lengths.count }
  public var maxLength: Int { lengths.max() ?? 0 }

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
}
