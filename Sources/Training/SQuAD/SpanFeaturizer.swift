import Model

/// SQuAD preprocessing as HF `run_qa` `prepare_train_features` (pad on the right, no padding):
/// the question (truncated to `maxQueryLength` tokens, as the original BERT `run_squad`) is
/// paired with windows of the context made like `tokenizers`' `only_second` truncation with
/// `stride` and `return_overflowing_tokens`.
///
/// Windows of one example: W = maxLength − 3 − questionTokens context tokens each, starting at
/// 0, W − docStride, 2(W − docStride), … until one reaches the end of the context (a context of
/// at most W tokens, including none, is one window).
///
/// Targets (first gold answer, scalar range `a..<b` of the context): when the window's first
/// token starts at or before `a` and its last token ends at or after `b`, the start is the last
/// window token starting at or before `a` and the end the first window token ending at or after
/// `b`; otherwise both are 0 (`[CLS]`). This is `run_qa`'s rule except that its start search can
/// run onto the final `[SEP]` (offsets (0, 0)) when the answer starts in the window's last token;
/// here it stops at the last context token (the case never occurs on the dev set at 384/128).
public enum SpanFeaturizer {
  /// Features of all examples, in example order and window order; each context is tokenised
  /// once however many questions share it.
  public static func features(
    for examples: [SQuADExample], tokenizer: WordPieceTokenizer,
    options: SpanFeatureOptions = .standard
  ) -> [SpanFeature] {
    var contexts: [String: TokenizedText] = [:]
    var features: [SpanFeature] = []
    features.reserveCapacity(examples.count + examples.count / 8)
    for (index, example) in examples.enumerated() {
      let context: TokenizedText
      if let cached = contexts[example.context] {
        context = cached
      } else {
        context = tokenizer.tokenizeWithOffsets(example.context)
        contexts[example.context] = context
      }
      let answer = example.answers.first.map {
        $0.startScalarOffset..<$0.startScalarOffset + $0.text.unicodeScalars.count
      }
      features += self.features(
        question: tokenizer.tokenize(example.question), context: context, answer: answer,
        exampleIndex: index, tokenizer: tokenizer, options: options)
    }
    return features
  }

  /// Features of one example from its tokenised question and context; `answer` is the first
  /// gold answer's scalar range in the context (nil: no answer, targets 0).
  public static func features(
    question: [Int32], context: TokenizedText, answer: Range<Int>?, exampleIndex: Int,
    tokenizer: WordPieceTokenizer, options: SpanFeatureOptions = .standard
  ) -> [SpanFeature] {
    let question = Array(question.prefix(options.maxQueryLength))
    let firstContextToken = question.count + 2
    let windows = contextWindows(
      contextCount: context.count,
      windowCount: options.maxLength - 3 - question.count, docStride: options.docStride)
    return windows.map { window in
      let encoding = tokenizer.encode(ids: question, Array(context.ids[window]))
      var ranges = [Range<Int>?](repeating: nil, count: encoding.count)
      for (k, t) in window.enumerated() { ranges[firstContextToken + k] = context.scalarOffsets[t] }
      let targets = answer.flatMap { answerTokens($0, in: window, offsets: context.scalarOffsets) }
      return SpanFeature(
        exampleIndex: exampleIndex, encoding: encoding,
        contextTokens: firstContextToken..<firstContextToken + window.count,
        contextCharacterRanges: ranges,
        startPosition: targets.map { firstContextToken + $0.start - window.lowerBound } ?? 0,
        endPosition: targets.map { firstContextToken + $0.end - window.lowerBound } ?? 0)
    }
  }

  /// The context token ranges of the windows: `windowCount` tokens each, advancing by
  /// `windowCount − docStride`, the last one ending at `contextCount`.
  public static func contextWindows(
    contextCount: Int, windowCount: Int, docStride: Int
  ) -> [Range<Int>] {
    precondition(
      docStride >= 0 && docStride < windowCount,
      "doc stride \(docStride) must be in 0..<window length \(windowCount)")
    var windows: [Range<Int>] = []
    var start = 0
    while true {
      let end = min(start + windowCount, contextCount)
      windows.append(start..<end)
      if end == contextCount { return windows }
      start += windowCount - docStride
    }
  }

  /// Context token indices of the answer's first and last token when the answer lies fully
  /// inside `window`, else nil.
  static func answerTokens(
    _ answer: Range<Int>, in window: Range<Int>, offsets: [Range<Int>]
  ) -> (start: Int, end: Int)? {
    guard let first = window.first, let last = window.last,
      offsets[first].lowerBound <= answer.lowerBound,
      offsets[last].upperBound >= answer.upperBound
    else { return nil }
    var start = first
    while start < last && offsets[start + 1].lowerBound <= answer.lowerBound { start += 1 }
    var end = last
    while end > first && offsets[end - 1].upperBound >= answer.upperBound { end -= 1 }
    return end >= start ? (start, end) : nil
  }
}
