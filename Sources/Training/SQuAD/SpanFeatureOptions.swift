/// Window settings of SQuAD features, as HF `run_qa` (`max_seq_length`, `doc_stride`) plus the
/// original BERT `max_query_length` question truncation.
public struct SpanFeatureOptions: Sendable, Equatable {
  /// Tokens per feature at the most, `[CLS]` and both `[SEP]` included.
  public let maxLength: Int
  /// Context tokens shared by consecutive windows of one example (HF `stride`).
  public let docStride: Int
  /// Question tokens kept at the most (the rest of the question is dropped).
  public let maxQueryLength: Int

  /// 384 tokens, stride 128, question ≤ 64 tokens.
  public static let standard = SpanFeatureOptions(
    uncheckedMaxLength: 384, docStride: 128, maxQueryLength: 64)

  /// Checked settings: `maxQueryLength ≥ 1`, `docStride ≥ 0` and
  /// `docStride < maxLength − 3 − maxQueryLength`, so every window advances.
  public init(maxLength: Int = 384, docStride: Int = 128, maxQueryLength: Int = 64)
    throws(SQuADOptionsError)
  {
    func fail(_ problem: String) -> SQuADOptionsError {
      .spanFeatureOptions(
        maxLength: maxLength, docStride: docStride, maxQueryLength: maxQueryLength,
        problem: problem)
    }
    guard maxQueryLength >= 1 else { throw fail("max query length must be at least 1") }
    guard docStride >= 0 else { throw fail("doc stride must not be negative") }
    let minimumWindow = maxLength - 3 - maxQueryLength
    guard docStride < minimumWindow else {
      throw fail(
        "doc stride must be smaller than the shortest window, maxLength - 3 - maxQueryLength = "
          + "\(minimumWindow)")
    }
    self.init(uncheckedMaxLength: maxLength, docStride: docStride, maxQueryLength: maxQueryLength)
  }

  private init(uncheckedMaxLength maxLength: Int, docStride: Int, maxQueryLength: Int) {
    self.maxLength = maxLength
    self.docStride = docStride
    self.maxQueryLength = maxQueryLength
  }
}
