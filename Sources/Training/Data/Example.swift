/// The target of one example: a class index or a regression score.
public enum ExampleLabel: Sendable, Equatable, Hashable {
  case classIndex(Int)
  case score(Float)

  public var classIndex: Int? {
    if case .classIndex(let index) = self { return index }
    return nil
  }

  public var score: Float? {
    if case .score(let value) = self { return value }
    return nil
  }
}

/// One labelled example of a sentence or sentence-pair task.
public struct Example: Sendable, Equatable, Hashable {
  public var textA: String
  public var textB: String?
  public var label: ExampleLabel
  /// 1-based line of the source file, for error messages and debugging (0 when not from a file).
  public var sourceLine: Int

  public init(textA: String, textB: String? = nil, label: ExampleLabel, sourceLine: Int = 0) {
    self.textA = textA
    self.textB = textB
    self.label = label
    self.sourceLine = sourceLine
  }
}
