/// The decoded answer of one example: the best span over all its windows.
public struct SpanPrediction: Sendable, Equatable {
  public var exampleIndex: Int
  /// Index of the winning feature in the decoder's `features`.
  public var featureIndex: Int
  /// First and last token of the span in that feature's encoding (`start ≤ end`).
  public var startToken: Int
  public var endToken: Int
  /// `startLogits[startToken] + endLogits[endToken]`.
  public var score: Float
  /// The span's Unicode scalar range in the example's context.
  public var contextScalarRange: Range<Int>
  /// The original context text of that range.
  public var text: String

  public init(
    exampleIndex: Int, featureIndex: Int, startToken: Int, endToken: Int, score: Float,
    contextScalarRange: Range<Int>, text: String
  ) {
    self.exampleIndex = exampleIndex
    self.featureIndex = featureIndex
    self.startToken = startToken
    self.endToken = endToken
    self.score = score
    self.contextScalarRange = contextScalarRange
    self.text = text
  }
}
