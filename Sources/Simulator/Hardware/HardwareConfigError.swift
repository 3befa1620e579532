/// One problem found in a hardware config file.
public struct HardwareConfigIssue: Sendable, Equatable, CustomStringConvertible {
  /// The file (or source label) the config came from.
  public var file: String
  /// JSON key path such as `zeroHandling.lanes` (empty for the whole document).
  public var keyPath: String
  /// What is wrong.
  public var problem: String
  public var expected: String
  public var found: String
  public var hint: String?

  public init(
    file: String, keyPath: String, problem: String, expected: String, found: String,
    hint: String? = nil
  ) {
    self.file = file
    self.keyPath = keyPath
    self.problem = problem
    self.expected = expected
    self.found = found
    self.hint = hint
  }

  public var description: String {
    let key = keyPath.isEmpty ? "document" : "key '\(keyPath)'"
    var text = "\(file): \(key): \(problem): expected \(expected), found \(found)"
    if let hint { text += " (hint: \(hint))" }
    return text
  }
}

/// A hardware config could not be read or is invalid; lists every problem found.
public struct HardwareConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var issues: [HardwareConfigIssue]

  public init(file: String, issues: [HardwareConfigIssue]) {
    self.file = file
    self.issues = issues
  }

  public var description: String {
    let header =
      issues.count == 1
      ? "invalid hardware config" : "invalid hardware config (\(issues.count) problems)"
    return ([header] + issues.map { "  " + $0.description }).joined(separator: "\n")
  }
}
