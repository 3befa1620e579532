import Model

/// One model input of SQuAD span extraction: `[CLS] question [SEP] context-window [SEP]`.
///
/// T = `encoding.count` tokens. Long contexts give several features (windows) per example.
public struct SpanFeature: Sendable, Equatable {
  /// Index of the example in the array given to `SpanFeaturizer.features`.
  public var exampleIndex: Int
  /// Ids, type ids (0 for `[CLS]`, question and first `[SEP]`; 1 for the window and the last
  /// `[SEP]`) and token strings, shape [T].
  public var encoding: Encoding
  /// The token indices of the context window inside `encoding` (may be empty).
  public var contextTokens: Range<Int>
  /// Per token of `encoding`, shape [T]: the Unicode scalar range of the example's context that
  /// the token covers, nil for special and question tokens.
  public var contextCharacterRanges: [Range<Int>?]
  /// Training target: token index of the first gold answer's first token, or 0 (`[CLS]`) when
  /// that answer is not fully inside this window (or the example has no answer).
  public var startPosition: Int
  /// Training target: token index of the first gold answer's last token, or 0 (`[CLS]`).
  public var endPosition: Int

  public init(
    exampleIndex: Int, encoding: Encoding, contextTokens: Range<Int>,
    contextCharacterRanges: [Range<Int>?], startPosition: Int, endPosition: Int
  ) {
    self.exampleIndex = exampleIndex
    self.encoding = encoding
    self.contextTokens = contextTokens
    self.contextCharacterRanges = contextCharacterRanges
    self.startPosition = startPosition
    self.endPosition = endPosition
  }

  /// Whether the first gold answer lies inside this window (the targets are not `[CLS]`).
  public var containsAnswer: Bool { startPosition != 0 }
}
