/// Bad input to a replay: a header the workload cannot be derived from, or a record that does not
/// match its header.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
  case invalidHeader(key: String, expected: String, found: String)
  case recordMismatch(sequenceIndex: Int, what: String, expected: String, found: String)
  /// A GEMM whose size, from header dimensions and token counts, exceeds what the engine counts.
  case workloadTooLarge(gemm: String, field: String, found: String)

  public var description: String {
    switch self {
    case .invalidHeader(let key, let expected, let found):
      return "trace header key '\(key)': expected \(expected), found \(found)"
    case .recordMismatch(let sequence, let what, let expected, let found):
      return
        "trace record of sequence \(sequence): \(what): expected \(expected), found \(found) "
        + "(hint: the record does not match the header's model dimensions)"
    case .workloadTooLarge(let gemm, let field, let found):
      return
        "trace header key '\(field)': GEMM \(gemm) too large: \(found) (hint: the simulator "
        + "counts at most 2^52 MACs per GEMM; check the header's model dimensions)"
    }
  }
}
