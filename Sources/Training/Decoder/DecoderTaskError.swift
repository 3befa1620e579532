/// Errors of the decoder's tasks (SQuAD as generation, SST-2 as label words) that are not
/// errors of the data files themselves.
public enum DecoderTaskError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A label word cannot be scored.
  case labelWord(word: String, problem: String)
  /// An example's label is not a class of the task.
  case label(task: String, line: Int, found: String, expected: String)
  /// No example left to train or evaluate on.
  case noExamples(task: String, reason: String)

  public var description: String {
    switch self {
    case .labelWord(let word, let problem):
      return "label word '\(word)': \(problem). Hint: choose label words the tokenizer "
        + "encodes to distinct first tokens"
    case .label(let task, let line, let found, let expected):
      return "\(task) line \(line): label \(found), expected \(expected)"
    case .noExamples(let task, let reason):
      return "\(task): no examples (\(reason)). Hint: check --data and --eval-limit"
    }
  }
}
