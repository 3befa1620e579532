/// Answer search settings of HF `postprocess_qa_predictions`.
public struct SpanDecoderOptions: Sendable, Equatable {
  /// Highest-scoring start and end tokens considered per feature (`n_best_size`).
  public let nBest: Int
  /// Longest answer in tokens, `end − start + 1` (`max_answer_length`).
  public let maxAnswerLength: Int

  /// 20 candidates per side, answers of at most 30 tokens.
  public static let standard = SpanDecoderOptions(uncheckedNBest: 20, maxAnswerLength: 30)

  /// Checked settings: both at least 1.
  public init(nBest: Int = 20, maxAnswerLength: Int = 30) throws(SQuADOptionsError) {
    guard nBest >= 1, maxAnswerLength >= 1 else {
      throw .spanDecoderOptions(
        nBest: nBest, maxAnswerLength: maxAnswerLength, problem: "both must be at least 1")
    }
    self.init(uncheckedNBest: nBest, maxAnswerLength: maxAnswerLength)
  }

  private init(uncheckedNBest nBest: Int, maxAnswerLength: Int) {
    self.nBest = nBest
    self.maxAnswerLength = maxAnswerLength
  }
}
