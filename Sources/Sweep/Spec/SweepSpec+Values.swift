import Simulator

extension SweepSpec {
  /// Batch sizes an axis may set (`workload.batchSequences`).
  public static let batchSequencesRange = 1...65_536

  /// Checks each axis value on its own against the base: an unknown hardware key path (the
  /// decoder rejects the key), and values the decoder rejects whatever the other keys are
  /// (wrong type, out of range, unknown name). How values combine is checked per grid point.
  static func checkValues(
    keys: [String], values: [[JSONValue]], base: JSONValue, baseIssues: Set<String>,
    path: String, issues: inout SpecIssues
  ) {
    for (k, key) in keys.enumerated() {
      let keyWhere = keys.count == 1 ? path + ".key" : path + ".keys[\(k)]"
      let components = key.split(separator: ".").map(String.init)
      for (v, tuple) in values.enumerated() {
        let value = tuple[k]
        let valueWhere = path + ".values[\(v)]" + (keys.count == 1 ? "" : "[\(k)]")
        if key.hasPrefix("workload.") {
          checkWorkloadValue(key: key, value: value, at: valueWhere, issues: &issues)
          continue
        }
        var unknownKey = false
        let probe = HardwareProbe.issues(base.setting(value, at: components))
        for issue in probe where !baseIssues.contains("\(issue.keyPath)|\(issue.problem)") {
          let covers = key == issue.keyPath || key.hasPrefix(issue.keyPath + ".")
          let inside = issue.keyPath.hasPrefix(key + ".") || issue.keyPath == key
          if issue.problem == "unknown key" && covers {
            issues.add(
              keyWhere, "unknown key path",
              expected: "a hardware config key (docs/hwconfig.md); at '\(issue.keyPath)': "
                + issue.expected, found: "'\(key)'", hint: suggestion(for: issue))
            unknownKey = true
            break
          }
          if inside && HardwareProbe.valueProblems.contains(issue.problem) {
            issues.add(
              valueWhere, issue.problem,
              expected: "\(issue.expected) for '\(issue.keyPath)'", found: issue.found,
              hint: issue.hint)
          }
        }
        if unknownKey { break }
      }
    }
  }

  /// "did you mean 'peArray.rows'?" from the names the decoder expected at that level.
  private static func suggestion(for issue: HardwareConfigIssue) -> String? {
    let names = issue.expected.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }
      .map { String($0.element) }
    var components = issue.keyPath.split(separator: ".").map(String.init)
    guard let last = components.popLast(),
      let best = NameSuggestion.closest(to: last, in: names)
    else { return issue.hint }
    return "did you mean '" + (components + [best]).joined(separator: ".") + "'?"
  }

  private static func checkWorkloadValue(
    key: String, value: JSONValue, at path: String, issues: inout SpecIssues
  ) {
    switch key {
    case "workload.batchSequences":
      let range = batchSequencesRange
      guard case .int(let n) = value else {
        issues.add(
          path, "wrong type", expected: "an integer in \(range.lowerBound)...\(range.upperBound)",
          found: value.canonicalText)
        return
      }
      if !range.contains(n) {
        issues.add(
          path, "out of range", expected: "an integer in \(range.lowerBound)...\(range.upperBound)",
          found: "\(n)")
      }
    default:
      if case .bool = value { return }
      issues.add(path, "wrong type", expected: "true or false", found: value.canonicalText)
    }
  }
}
