/// One problem of a sweep spec: where (the spec's key path, e.g. `axes[2].values[0]`), what,
/// expected against found, and a hint.
public struct SweepSpecIssue: Sendable, Equatable, CustomStringConvertible {
  public var keyPath: String
  public var problem: String
  public var expected: String
  public var found: String
  public var hint: String?

  public init(
    keyPath: String, problem: String, expected: String, found: String, hint: String? = nil
  ) {
    self.keyPath = keyPath
    self.problem = problem
    self.expected = expected
    self.found = found
    self.hint = hint
  }

  public var description: String {
    let key = keyPath.isEmpty ? "document" : "key '\(keyPath)'"
    var text = "\(key): \(problem): expected \(expected), found \(found)"
    if let hint { text += " (hint: \(hint))" }
    return text
  }
}

/// A sweep spec that cannot run: every problem found, listed at once, before anything runs.
public struct SweepSpecError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var issues: [SweepSpecIssue]

  public init(file: String, issues: [SweepSpecIssue]) {
    self.file = file
    self.issues = issues
  }

  public var description: String {
    let header =
      issues.count == 1
      ? "\(file): invalid sweep spec" : "\(file): invalid sweep spec (\(issues.count) problems)"
    return ([header] + issues.map { "  \(file): " + $0.description }).joined(separator: "\n")
  }
}

/// Collects issues while a spec is decoded.
struct SpecIssues {
  private(set) var list: [SweepSpecIssue] = []

  mutating func add(
    _ keyPath: String, _ problem: String, expected: String, found: String, hint: String? = nil
  ) {
    list.append(
      SweepSpecIssue(
        keyPath: keyPath, problem: problem, expected: expected, found: found, hint: hint))
  }

  var isEmpty: Bool { list.isEmpty }
}
