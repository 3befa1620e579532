import Foundation

/// Collects issues while a config tree is walked.
final class IssueList {
  let file: String
  private(set) var issues: [HardwareConfigIssue] = []

  init(file: String) { self.file = file }

  func add(
    _ keyPath: String, _ problem: String, expected: String, found: String, hint: String? = nil
  ) {
    issues.append(
      HardwareConfigIssue(
        file: file, keyPath: keyPath, problem: problem, expected: expected, found: found,
        hint: hint))
  }
}

/// Reads typed values out of one JSON object (from `JSONSerialization`), remembering which keys
/// were read so that unknown keys can be reported with a did-you-mean hint.
struct JSONObjectReader {
  let path: String
  let object: [String: Any]
  let issues: IssueList
  private var known: [String] = []

  init(path: String, object: [String: Any], issues: IssueList) {
    self.path = path
    self.object = object
    self.issues = issues
  }

  /// Wraps `value` (found at `path`) if it is an object, else records an issue.
  init?(path: String, value: Any, issues: IssueList) {
    guard let object = value as? [String: Any] else {
      issues.add(path, "wrong type", expected: "an object", found: describeJSON(value))
      return nil
    }
    self.init(path: path, object: object, issues: issues)
  }

  func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

  func has(_ key: String) -> Bool { object[key] != nil }

  /// The raw value of `key`, noting that the key is known. Reports a missing required key.
  mutating func raw(_ key: String, required: Bool, expected: String) -> Any? {
    known.append(key)
    guard let value = object[key] else {
      if required {
        issues.add(keyPath(key), "missing key", expected: expected, found: "nothing")
      }
      return nil
    }
    return value
  }

  mutating func int(_ key: String, required: Bool = true, range: ClosedRange<Int>) -> Int? {
    let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
    guard let value = raw(key, required: required, expected: expected) else { return nil }
    guard let number = jsonNumber(value), number.isFinite, number.rounded() == number else {
      issues.add(keyPath(key), "wrong type", expected: expected, found: describeJSON(value))
      return nil
    }
    guard abs(number) < 1e15 else {
      issues.add(keyPath(key), "out of range", expected: expected, found: "\(number)")
      return nil
    }
    let int = Int(number)
    guard range.contains(int) else {
      issues.add(keyPath(key), "out of range", expected: expected, found: "\(int)")
      return nil
    }
    return int
  }

  /// A number in `range` (``HardwareLimits``).
  mutating func double(
    _ key: String, required: Bool = true, range: ClosedRange<Double>, unit: String
  ) -> Double? {
    let expected = "a number in \(range.lowerBound)...\(range.upperBound) (\(unit))"
    guard let value = raw(key, required: required, expected: expected) else { return nil }
    guard let number = jsonNumber(value), number.isFinite else {
      issues.add(keyPath(key), "wrong type", expected: expected, found: describeJSON(value))
      return nil
    }
    guard range.contains(number) else {
      let problem = number < 0 ? "negative value" : "out of range"
      issues.add(keyPath(key), problem, expected: expected, found: "\(number)")
      return nil
    }
    return number
  }

  mutating func bool(_ key: String, required: Bool = true) -> Bool? {
    guard let value = raw(key, required: required, expected: "true or false") else { return nil }
    guard isJSONBool(value), let bool = value as? Bool else {
      issues.add(keyPath(key), "wrong type", expected: "true or false", found: describeJSON(value))
      return nil
    }
    return bool
  }

  mutating func string(_ key: String, required: Bool = true, nonEmpty: Bool = false) -> String? {
    guard let value = raw(key, required: required, expected: "a string") else { return nil }
    guard let string = value as? String else {
      issues.add(keyPath(key), "wrong type", expected: "a string", found: describeJSON(value))
      return nil
    }
    if nonEmpty && string.isEmpty {
      issues.add(keyPath(key), "empty string", expected: "a non-empty string", found: "\"\"")
      return nil
    }
    return string
  }

  mutating func choice<E: RawRepresentable & CaseIterable>(
    _ key: String, _ type: E.Type, required: Bool = true, allowed: [E]? = nil
  ) -> E? where E.RawValue == String {
    let options = (allowed ?? Array(E.allCases)).map { "\"\($0.rawValue)\"" }
    let expected = "one of " + options.joined(separator: ", ")
    guard let value = raw(key, required: required, expected: expected) else { return nil }
    guard let string = value as? String else {
      issues.add(keyPath(key), "wrong type", expected: expected, found: describeJSON(value))
      return nil
    }
    guard let result = E(rawValue: string),
      allowed.map({ $0.map(\.rawValue).contains(string) }) ?? true
    else {
      let names = (allowed ?? Array(E.allCases)).map(\.rawValue)
      let hint = closestName(to: string, in: names).map { "did you mean \"\($0)\"?" }
      issues.add(
        keyPath(key), "unknown value", expected: expected, found: "\"\(string)\"", hint: hint)
      return nil
    }
    return result
  }

  /// A nested object reader for `key`.
  mutating func object(_ key: String, required: Bool = true) -> JSONObjectReader? {
    guard let value = raw(key, required: required, expected: "an object") else { return nil }
    return JSONObjectReader(path: keyPath(key), value: value, issues: issues)
  }

  /// Reports every key that was never asked for.
  func rejectUnknownKeys() {
    for key in object.keys.sorted() where !known.contains(key) {
      let hint = closestName(to: key, in: known).map { "did you mean '\($0)'?" }
      issues.add(
        keyPath(key), "unknown key",
        expected: "one of " + known.map { "'\($0)'" }.joined(separator: ", "),
        found: "'\(key)'", hint: hint ?? "remove it; unknown keys are never ignored")
    }
  }
}

/// Whether a JSONSerialization value is a JSON boolean (not a number).
func isJSONBool(_ value: Any) -> Bool {
  guard let number = value as? NSNumber else { return false }
  return String(cString: number.objCType) == "c"
}

/// The value as a Double if it is a JSON number (not a boolean).
func jsonNumber(_ value: Any) -> Double? {
  guard !isJSONBool(value), let number = value as? NSNumber else { return nil }
  return number.doubleValue
}

/// A short description of a JSON value's type and value for messages.
func describeJSON(_ value: Any) -> String {
  if isJSONBool(value) { return "boolean \((value as? Bool) ?? false)" }
  if let number = jsonNumber(value) { return "number \(number)" }
  if let string = value as? String { return "string \"\(string)\"" }
  if value is NSNull { return "null" }
  if value is [Any] { return "an array" }
  if value is [String: Any] { return "an object" }
  return "\(type(of: value))"
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
func closestName(to name: String, in candidates: [String]) -> String? {
  let lowered = name.lowercased()
  var best: (name: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(lowered, candidate.lowercased())
    if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
  }
  guard let best, best.distance <= max(2, name.count / 3) else { return nil }
  return best.name
}

private func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a)
  let y = Array(b)
  if x.isEmpty { return y.count }
  var previous = Array(0...y.count)
  for i in 1...x.count {
    var current = [i] + [Int](repeating: 0, count: y.count)
    for j in stride(from: 1, through: y.count, by: 1) {
      let cost = x[i - 1] == y[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    previous = current
  }
  return previous[y.count]
}
