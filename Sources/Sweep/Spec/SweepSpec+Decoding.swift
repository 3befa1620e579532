import Foundation

extension SweepSpec {
  /// Most grid points a spec may expand to (checked before anything is allocated).
  public static let maxPoints = 1_000_000
  static let rootKeys = [
    "formatVersion", "name", "base", "axes", "traces", "constraints", "invalidPoints",
  ]

  /// Reads and validates the spec at `path`; every problem is listed in one error.
  public static func load(path: String) throws(SweepSpecError) -> SweepSpec {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SweepSpecError(
        file: path,
        issues: [
          SweepSpecIssue(
            keyPath: "", problem: "cannot read the spec", expected: "a readable JSON file",
            found: FileManager.default.fileExists(atPath: path) ? "an unreadable file" : "no file",
            hint: "examples are in examples/sweeps/")
        ])
    }
    let directory = (path as NSString).deletingLastPathComponent
    return try decode(json: data, file: path, directory: directory.isEmpty ? "." : directory)
  }

  /// Decodes a spec; relative paths (base, traces) are resolved against `directory`.
  public static func decode(json data: Data, file: String, directory: String)
    throws(SweepSpecError) -> SweepSpec
  {
    var issues = SpecIssues()
    // The project's strict JSON check (RFC 8259: no trailing commas, no duplicate keys; line,
    // column and byte offset of the first problem) runs first, as for hardware configs.
    if case .failure(let error) = HardwareProbe.decode(json: data, file: file),
      let syntax = error.issues.first(where: {
        $0.keyPath.isEmpty && $0.problem == "not valid JSON"
      })
    {
      issues.add(
        "", syntax.problem,
        expected: "a JSON object (RFC 8259: no trailing commas, no duplicate keys)",
        found: syntax.found, hint: syntax.hint)
      throw SweepSpecError(file: file, issues: issues.list)
    }
    let root: JSONValue
    do {
      root = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      issues.add(
        "", "not valid JSON", expected: "a JSON object", found: Self.decodingText(error),
        hint: "check commas, quotes and brackets")
      throw SweepSpecError(file: file, issues: issues.list)
    }
    guard case .object(let members) = root else {
      issues.add("", "wrong type", expected: "an object", found: root.kindName)
      throw SweepSpecError(file: file, issues: issues.list)
    }
    for key in members.keys.sorted() where !rootKeys.contains(key) {
      issues.add(
        key, "unknown key",
        expected: "one of " + rootKeys.map { "'\($0)'" }.joined(separator: ", "),
        found: "'\(key)'",
        hint: NameSuggestion.closest(to: key, in: rootKeys).map { "did you mean '\($0)'?" })
    }
    switch members["formatVersion"] {
    case .int(currentFormatVersion): break
    case nil: issues.add("formatVersion", "missing key", expected: "1", found: "nothing")
    case let value?:
      issues.add(
        "formatVersion", "unsupported format version", expected: "1", found: value.canonicalText)
    }
    var name = ""
    switch members["name"] {
    case .string(let text) where !text.isEmpty: name = text
    case nil: issues.add("name", "missing key", expected: "a non-empty string", found: "nothing")
    case let value?:
      issues.add("name", "wrong type", expected: "a non-empty string", found: value.canonicalText)
    }
    let (base, baseSource) = decodeBase(members["base"], directory: directory, issues: &issues)
    let axes = decodeAxes(members["axes"], base: base, issues: &issues)
    let traces = decodeTraces(members["traces"], directory: directory, issues: &issues)
    let constraints = decodeConstraints(members["constraints"], issues: &issues)
    var policy = InvalidPointPolicy.error
    if let value = members["invalidPoints"] {
      if case .string(let text) = value, let parsed = InvalidPointPolicy(rawValue: text) {
        policy = parsed
      } else {
        issues.add(
          "invalidPoints", "unknown value", expected: "\"error\" or \"skip\"",
          found: value.canonicalText)
      }
    }
    guard issues.isEmpty, let base else { throw SweepSpecError(file: file, issues: issues.list) }
    var spec = SweepSpec(
      name: name, base: base, baseSource: baseSource, axes: axes, traces: traces,
      constraints: constraints, invalidPoints: policy)
    spec.file = file
    return spec
  }

  private static func decodeBase(_ value: JSONValue?, directory: String, issues: inout SpecIssues)
    -> (JSONValue?, String)
  {
    let tree: JSONValue
    let source: String
    switch value {
    case .string(let path):
      let resolved = resolve(path, directory: directory)
      guard let data = FileManager.default.contents(atPath: resolved) else {
        issues.add(
          "base", "cannot read the base hardware config", expected: "a readable JSON file",
          found: "nothing at \(resolved)", hint: "paths are relative to the spec's directory")
        return (nil, path)
      }
      do {
        tree = try JSONDecoder().decode(JSONValue.self, from: data)
      } catch {
        issues.add(
          "base", "not valid JSON", expected: "a hardware config (docs/hwconfig.md)",
          found: "\(resolved): \(decodingText(error))")
        return (nil, path)
      }
      source = path
    case .object(let members):
      tree = .object(members)
      source = "inline"
    case nil:
      issues.add(
        "base", "missing key", expected: "a hardware config path or object", found: "nothing")
      return (nil, "")
    case let other?:
      issues.add(
        "base", "wrong type", expected: "a hardware config path or object",
        found: other.canonicalText)
      return (nil, "")
    }
    for issue in HardwareProbe.issues(tree) {
      issues.add(
        "base" + (issue.keyPath.isEmpty ? "" : "." + issue.keyPath), issue.problem,
        expected: issue.expected, found: issue.found, hint: issue.hint)
    }
    return (tree, source)
  }

  private static func decodeTraces(
    _ value: JSONValue?, directory: String, issues: inout SpecIssues
  ) -> [SweepTrace] {
    guard case .array(let entries) = value, !entries.isEmpty else {
      issues.add(
        "traces", value == nil ? "missing key" : "wrong type",
        expected: "a non-empty array of trace file paths",
        found: value?.canonicalText ?? "nothing")
      return []
    }
    var paths: [String] = []
    for (index, entry) in entries.enumerated() {
      guard case .string(let path) = entry, !path.isEmpty else {
        issues.add(
          "traces[\(index)]", "wrong type", expected: "a trace file path",
          found: entry.canonicalText)
        continue
      }
      if paths.contains(path) {
        issues.add(
          "traces[\(index)]", "duplicate trace", expected: "each trace once", found: "'\(path)'")
        continue
      }
      let resolved = resolve(path, directory: directory)
      if !FileManager.default.fileExists(atPath: resolved) {
        issues.add(
          "traces[\(index)]", "no such file", expected: "a trace file",
          found: "nothing at \(resolved)",
          hint: "paths are relative to the spec's directory; `deft-sim trace synth` makes traces")
      }
      paths.append(path)
    }
    let names = paths.map { ($0 as NSString).lastPathComponent }
    let labels = Set(names).count == names.count ? names : paths
    return zip(paths, labels).map {
      SweepTrace(label: $1, path: $0, resolvedPath: resolve($0, directory: directory))
    }
  }

  private static func decodeConstraints(_ value: JSONValue?, issues: inout SpecIssues)
    -> [SweepConstraint]
  {
    guard let value else { return [] }
    guard case .array(let entries) = value else {
      issues.add("constraints", "wrong type", expected: "an array", found: value.canonicalText)
      return []
    }
    let metrics = SweepMetric.allCases.map(\.rawValue)
    var out: [SweepConstraint] = []
    for (index, entry) in entries.enumerated() {
      let path = "constraints[\(index)]"
      guard case .object(let members) = entry else {
        issues.add(path, "wrong type", expected: "an object", found: entry.canonicalText)
        continue
      }
      for key in members.keys.sorted() where !["metric", "min", "max"].contains(key) {
        issues.add(
          path + "." + key, "unknown key", expected: "'metric', 'min' or 'max'", found: "'\(key)'")
      }
      var metric: SweepMetric?
      switch members["metric"] {
      case .string(let name):
        metric = SweepMetric(rawValue: name)
        if metric == nil {
          issues.add(
            path + ".metric", "unknown metric",
            expected: "one of " + metrics.joined(separator: ", "), found: "\"\(name)\"",
            hint: NameSuggestion.closest(to: name, in: metrics).map { "did you mean '\($0)'?" })
        }
      case nil:
        issues.add(path + ".metric", "missing key", expected: "a metric name", found: "nothing")
      case let other?:
        issues.add(
          path + ".metric", "wrong type", expected: "a metric name", found: other.canonicalText)
      }
      var bounds: [Double?] = []
      for key in ["min", "max"] {
        guard let bound = members[key] else {
          bounds.append(nil)
          continue
        }
        guard let number = bound.number, number.isFinite else {
          issues.add(
            path + "." + key, "wrong type", expected: "a number", found: bound.canonicalText)
          bounds.append(nil)
          continue
        }
        bounds.append(number)
      }
      if members["min"] == nil && members["max"] == nil {
        issues.add(path, "missing key", expected: "'min', 'max' or both", found: "neither")
      }
      if let low = bounds[0], let high = bounds[1], low > high {
        issues.add(path, "empty range", expected: "min <= max", found: "\(low) > \(high)")
      }
      if let metric { out.append(SweepConstraint(metric: metric, min: bounds[0], max: bounds[1])) }
    }
    return out
  }

  static func resolve(_ path: String, directory: String) -> String {
    path.hasPrefix("/") || directory == "." ? path : directory + "/" + path
  }

  static func decodingText(_ error: any Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
      let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
      return context.debugDescription + underlying
    }
    return "\(error)"
  }
}
