/// The model input for one sequence (or sequence pair).
public struct Encoding: Sendable, Equatable {
  public var inputIds: [Int32]
  public var tokenTypeIds: [Int32]
  public var tokens: [String]

  public var count: Int { inputIds.count }

  public init(inputIds: [Int32], tokenTypeIds: [Int32], tokens: [String]) {
    self.inputIds = inputIds
    self.tokenTypeIds = tokenTypeIds
    self.tokens = tokens
  }
}
