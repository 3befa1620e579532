/// Turns per-feature start/end logits into answer text, as HF `postprocess_qa_predictions`
/// (SQuAD v1, no null answer).
///
/// Per feature: the `nBest` highest start logits and the `nBest` highest end logits among the
/// feature's context tokens (ties: lower token index first), every pair with
/// `start ≤ end` and `end − start + 1 ≤ maxAnswerLength` scored `start + end logit`; pairs are
/// visited starts-major, both sides best first, and the first of equal scores wins (HF's stable
/// sort of its candidate list). Per example the best pair over all its features wins (ties: the
/// earlier feature), and the answer is the original context between the start token's first and the end token's
/// last scalar. HF takes the top-n over all tokens and then drops non-context ones; taking them
/// over context tokens only never finds fewer valid spans. NaN logits count as −∞.
public enum SpanDecoder {
  /// One answer per example id, ready for `SQuADMetric.evaluate`. Examples whose windows have
  /// no context token (an empty context) get no entry and count as unanswered.
  ///
  /// `startLogits[f]` and `endLogits[f]` hold one logit per token of `features[f].encoding`.
  public static func predictions(
    examples: [SQuADExample], features: [SpanFeature], startLogits: [[Float]],
    endLogits: [[Float]], options: SpanDecoderOptions = .standard
  ) -> [String: String] {
    var answers: [String: String] = [:]
    let best = bestSpans(
      examples: examples, features: features, startLogits: startLogits, endLogits: endLogits,
      options: options)
    for case let prediction? in best {
      answers[examples[prediction.exampleIndex].id] = prediction.text
    }
    return answers
  }

  /// The best span of every example, indexed like `examples` (nil: no candidate span).
  public static func bestSpans(
    examples: [SQuADExample], features: [SpanFeature], startLogits: [[Float]],
    endLogits: [[Float]], options: SpanDecoderOptions = .standard
  ) -> [SpanPrediction?] {
    precondition(
      startLogits.count == features.count && endLogits.count == features.count,
      "\(features.count) features but \(startLogits.count) start and \(endLogits.count) end "
        + "logit rows")
    var best: [(feature: Int, span: ScoredSpan)?] = Array(repeating: nil, count: examples.count)
    for (f, feature) in features.enumerated() {
      precondition(
        feature.exampleIndex >= 0 && feature.exampleIndex < examples.count,
        "feature \(f) names example \(feature.exampleIndex) of \(examples.count)")
      guard
        let span = bestSpan(
          in: feature, startLogits: startLogits[f], endLogits: endLogits[f], options: options)
      else { continue }
      if let current = best[feature.exampleIndex], current.span.score >= span.score { continue }
      best[feature.exampleIndex] = (f, span)
    }
    return best.enumerated().map { exampleIndex, winner in
      guard let (f, span) = winner,
        let first = features[f].contextCharacterRanges[span.start],
        let last = features[f].contextCharacterRanges[span.end]
      else { return nil }
      let range = first.lowerBound..<last.upperBound
      return SpanPrediction(
        exampleIndex: exampleIndex, featureIndex: f, startToken: span.start, endToken: span.end,
        score: span.score, contextScalarRange: range,
        text: substring(examples[exampleIndex].context, scalars: range))
    }
  }

  /// A span of one feature: token indices into its encoding and its score.
  public struct ScoredSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var score: Float
  }

  /// The best valid span of one feature (nil when its window has no context token).
  public static func bestSpan(
    in feature: SpanFeature, startLogits: [Float], endLogits: [Float],
    options: SpanDecoderOptions = .standard
  ) -> ScoredSpan? {
    let count = feature.encoding.count
    precondition(
      startLogits.count == count && endLogits.count == count,
      "feature of \(count) tokens but \(startLogits.count) start and \(endLogits.count) end logits")
    let starts = topTokens(startLogits, in: feature.contextTokens, count: options.nBest)
    let ends = topTokens(endLogits, in: feature.contextTokens, count: options.nBest)
    var best: ScoredSpan?
    for start in starts {
      for end in ends where end >= start && end - start < options.maxAnswerLength {
        let score = finite(startLogits[start] + endLogits[end])
        if let b = best, b.score >= score { continue }
        best = ScoredSpan(start: start, end: end, score: score)
      }
    }
    return best
  }

  /// The `count` tokens of `range` with the highest logits, best first (ties: lower index).
  static func topTokens(_ logits: [Float], in range: Range<Int>, count: Int) -> [Int] {
    Array(
      range.sorted { a, b in
        let (x, y) = (finite(logits[a]), finite(logits[b]))
        return x > y || (x == y && a < b)
      }.prefix(count))
  }

  /// NaN becomes −∞ so that orderings stay total.
  static func finite(_ x: Float) -> Float { x.isNaN ? -.infinity : x }

  /// The scalars `range` of `text` as a string.
  static func substring(_ text: String, scalars range: Range<Int>) -> String {
    let scalars = text.unicodeScalars
    let lower = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
    let upper = scalars.index(lower, offsetBy: range.count)
    return String(scalars[lower..<upper])
  }
}
