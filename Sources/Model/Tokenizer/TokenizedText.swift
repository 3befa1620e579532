/// Token ids of one text (no special tokens) with where each token came from in that text.
///
/// Offsets are **Unicode scalar offsets into the original, un-normalised text**: the unit of
/// Python `str` indices, hence of Hugging Face `tokenizers`' `offsets` (Python bindings) and of
/// SQuAD's `answer_start`. Character (grapheme) or UTF-16 offsets would differ on combining
/// marks, emoji and CJK extension planes.
public struct TokenizedText: Sendable, Equatable {
  /// Token ids, shape [N].
  public var ids: [Int32]
  /// Per token, the half-open scalar range `start..<end` of the original text it covers, shape
  /// [N]. A wordpiece covers its own part of the word; `[UNK]` covers the whole word. Scalars
  /// removed by normalisation (control characters, combining marks) inside a token's span are
  /// included in it, those at its edges are not.
  public var scalarOffsets: [Range<Int>]

  public var count: Int { ids.count }

  public init(ids: [Int32], scalarOffsets: [Range<Int>]) {
    precondition(
      ids.count == scalarOffsets.count,
      "TokenizedText: \(ids.count) ids but \(scalarOffsets.count) offsets")
    self.ids = ids
    self.scalarOffsets = scalarOffsets
  }
}
