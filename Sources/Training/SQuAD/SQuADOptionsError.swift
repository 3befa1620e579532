/// Invalid settings of the SQuAD span pipeline (featurising, decoding, splitting), typically
/// from command-line values. Each message says which value, what was expected and a hint.
public enum SQuADOptionsError: Error, Equatable, CustomStringConvertible {
  /// `SpanFeatureOptions` that cannot make windows: `problem` says which bound failed.
  case spanFeatureOptions(maxLength: Int, docStride: Int, maxQueryLength: Int, problem: String)
  /// `SpanDecoderOptions` with a non-positive count.
  case spanDecoderOptions(nBest: Int, maxAnswerLength: Int, problem: String)
  /// A train fraction outside `0...1` (or not finite).
  case splitFraction(found: Double)

  public var description: String {
    switch self {
    case .spanFeatureOptions(let maxLength, let docStride, let maxQueryLength, let problem):
      return "SQuAD features: max length \(maxLength), doc stride \(docStride), max query length "
        + "\(maxQueryLength): \(problem). Hint: every window holds maxLength - 3 - "
        + "maxQueryLength context tokens at the least, and consecutive windows share docStride "
        + "of them, so docStride must be smaller (e.g. 384 / 128 / 64 or 256 / 64 / 64)."
    case .spanDecoderOptions(let nBest, let maxAnswerLength, let problem):
      return "SQuAD decoding: n-best \(nBest), max answer length \(maxAnswerLength): \(problem). "
        + "Hint: the usual values are 20 and 30."
    case .splitFraction(let found):
      return "SQuAD split: train article fraction \(found) is not in 0...1. "
        + "Hint: 0.8 trains on 80% of the articles and evaluates on the rest."
    }
  }
}
