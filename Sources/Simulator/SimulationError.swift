/// Bad input to a replay: a header the workload cannot be derived from, or a record that does not
/// match its header.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
  case invalidHeader(key: String, expected: String, found: String)
  case recordMismatch(sequenceIndex: Int, what: String, expected: String, found: String)

  public var description: String {
    switch self {
    case .invalidHeader(let key, let expected, let found):
      return "trace header key '\(key)': expected \(expected), found \(found)"
    case .recordMismatch(let sequence, let what, let expected, let found):
      return
        "trace record of sequence \(sequence): \(what): expected \(expected), found \(found) "
        + "(hint: the record does not match the header's model dimensions)"
    }
  }
}
