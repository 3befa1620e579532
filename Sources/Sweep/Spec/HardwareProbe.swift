import Foundation
import Simulator

/// Hardware configs built from JSON trees, through the one hardware config decoder
/// (`HardwareConfig.decode`), so a sweep accepts exactly what `deft-sim hw validate` accepts.
enum HardwareProbe {
  /// Problems the decoder reports about a single value (not about how values combine).
  static let valueProblems: Set<String> = [
    "wrong type", "out of range", "negative value", "empty string", "unknown value",
    "impossible skip granularity", "unknown key",
  ]

  static func decode(_ tree: JSONValue, file: String = "base") -> Result<
    HardwareConfig, HardwareConfigError
  > {
    do throws(HardwareConfigError) {
      return .success(try HardwareConfig.decode(json: Data(tree.canonicalText.utf8), file: file))
    } catch {
      return .failure(error)
    }
  }

  static func decode(json data: Data, file: String) -> Result<HardwareConfig, HardwareConfigError> {
    do throws(HardwareConfigError) {
      return .success(try HardwareConfig.decode(json: data, file: file))
    } catch {
      return .failure(error)
    }
  }

  static func issues(_ tree: JSONValue) -> [HardwareConfigIssue] {
    if case .failure(let error) = decode(tree) { return error.issues }
    return []
  }
}

extension SweepSpec {
  static func decodeAxes(_ value: JSONValue?, base: JSONValue?, issues: inout SpecIssues)
    -> [SweepAxis]
  {
    guard let value else { return [] }
    guard case .array(let entries) = value else {
      issues.add("axes", "wrong type", expected: "an array of axes", found: value.canonicalText)
      return []
    }
    var axes: [SweepAxis] = []
    var seen: Set<String> = []
    var points = 1
    var tooMany = false
    let baseIssues = base.map {
      Set(HardwareProbe.issues($0).map { "\($0.keyPath)|\($0.problem)" })
    }
    for (index, entry) in entries.enumerated() {
      let path = "axes[\(index)]"
      guard case .object(let members) = entry else {
        issues.add(
          path, "wrong type", expected: "an object with 'key' (or 'keys') and 'values'",
          found: entry.canonicalText)
        continue
      }
      for key in members.keys.sorted() where !["key", "keys", "values"].contains(key) {
        issues.add(
          path + "." + key, "unknown key", expected: "'key', 'keys' or 'values'", found: "'\(key)'",
          hint: NameSuggestion.closest(to: key, in: ["key", "keys", "values"]).map {
            "did you mean '\($0)'?"
          })
      }
      guard let keys = axisKeys(members, path: path, issues: &issues) else { continue }
      for key in keys where seen.contains(key) {
        issues.add(
          path, "duplicate key path", expected: "each key path on one axis", found: "'\(key)'",
          hint: "set keys together with \"keys\": [...]")
      }
      seen.formUnion(keys)
      guard case .array(let raw)? = members["values"] else {
        issues.add(
          path + ".values", members["values"] == nil ? "missing key" : "wrong type",
          expected: "a non-empty array of values",
          found: members["values"]?.canonicalText ?? "nothing")
        continue
      }
      if raw.isEmpty {
        issues.add(
          path + ".values", "empty axis", expected: "at least one value", found: "[]",
          hint: "remove the axis, or give it the base config's value")
        continue
      }
      var values: [[JSONValue]] = []
      for (v, item) in raw.enumerated() {
        if keys.count == 1 {
          values.append([item])
        } else if case .array(let tuple) = item, tuple.count == keys.count {
          values.append(tuple)
        } else {
          issues.add(
            path + ".values[\(v)]", "wrong type",
            expected: "an array of \(keys.count) values (one per key)", found: item.canonicalText)
        }
      }
      if let base, let baseIssues {
        checkValues(
          keys: keys, values: values, base: base, baseIssues: baseIssues, path: path,
          issues: &issues)
      }
      let (product, overflow) = points.multipliedReportingOverflow(by: raw.count)
      if overflow || product > maxPoints { tooMany = true }
      points = overflow ? Int.max : product
      axes.append(SweepAxis(keys: keys, values: values))
    }
    if tooMany {
      issues.add(
        "axes", "too many points", expected: "at most \(maxPoints) grid points",
        found: points == Int.max ? "more than \(Int.max)" : "\(points)",
        hint: "split the sweep, or use fewer values per axis")
    }
    return axes
  }

  private static func axisKeys(
    _ members: [String: JSONValue], path: String, issues: inout SpecIssues
  ) -> [String]? {
    var keys: [String] = []
    switch (members["key"], members["keys"]) {
    case (.string(let key)?, nil): keys = [key]
    case (nil, .array(let list)?) where !list.isEmpty:
      for (k, item) in list.enumerated() {
        guard case .string(let key) = item else {
          issues.add(
            path + ".keys[\(k)]", "wrong type", expected: "a key path", found: item.canonicalText)
          return nil
        }
        keys.append(key)
      }
    case (nil, nil):
      issues.add(path + ".key", "missing key", expected: "'key' or 'keys'", found: "nothing")
      return nil
    case (_?, _?):
      issues.add(path, "impossible combination", expected: "'key' or 'keys'", found: "both")
      return nil
    case (let key?, nil):
      issues.add(
        path + ".key", "wrong type", expected: "a key path string", found: key.canonicalText)
      return nil
    case (nil, let list?):
      issues.add(
        path + ".keys", "wrong type", expected: "a non-empty array of key paths",
        found: list.canonicalText)
      return nil
    }
    var valid: [String] = []
    for (k, key) in keys.enumerated() {
      let where_ = keys.count == 1 ? path + ".key" : path + ".keys[\(k)]"
      if key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
        issues.add(
          where_, "unknown key path", expected: "a dotted key path such as peArray.rows",
          found: "'\(key)'")
      } else if key.hasPrefix("workload.") && !workloadKeys.contains(key) {
        issues.add(
          where_, "unknown key path", expected: "one of " + workloadKeys.joined(separator: ", "),
          found: "'\(key)'",
          hint: NameSuggestion.closest(to: key, in: workloadKeys).map { "did you mean '\($0)'?" })
      } else {
        valid.append(key)
      }
    }
    return valid.count == keys.count ? keys : nil
  }
}
