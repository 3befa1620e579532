import Foundation

/// A `deft-sim sweep train` spec (docs/front.md):
///
/// ```json
/// {"base": {"task": "sst2", "method": "lora", "lora-targets": "all", "max-steps": 900},
///  "points": [{"name": "peft"},
///             {"name": "element", "density-loss": "element", "density-weight": [0.3, 1]}],
///  "hwconfigs": ["hwconfigs/sparse-npu.json"],
///  "reference": [{"name": "PyTorch DEFT λ=1", "accuracy": 86.70, "density": 25.3}]}
/// ```
///
/// `base` holds `deft-sim train` options (long names without `--`) shared by every point; each
/// entry of `points` is a group whose list values are swept (the Cartesian product of its
/// lists), merged over `base`. `hwconfigs` are replayed for the front (relative to the current
/// directory); `reference` points are drawn beside the front (accuracy and int8 density in %).
public struct SweepSpec: Sendable {
  public var path: String
  public var base: [String: SweepValue]
  public var groups: [[String: SweepValues]]
  public var hwconfigs: [String]
  public var references: [SweepReferencePoint]
  /// Sequences per replay batch (default 32, the demo's).
  public var batchSequences: Int

  public static let topLevelKeys = [
    "base", "batch-sequences", "description", "hwconfigs", "points", "reference",
  ]

  /// Reads and checks the spec at `path`; `allowedSettings` are the option names a point may set.
  public init(path: String, allowedSettings: [String]) throws(SweepError) {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    try self.init(json: data, path: path, allowedSettings: allowedSettings)
  }

  public init(json data: Data, path: String, allowedSettings: [String]) throws(SweepError) {
    let raw: RawSweepSpec
    do { raw = try JSONDecoder().decode(RawSweepSpec.self, from: data) } catch let error
      as DecodingError
    {
      throw Self.describe(error, path: path)
    } catch {
      throw .notJSON(path: path, reason: "\(error)")
    }
    for key in raw.keys.sorted() where !Self.topLevelKeys.contains(key) {
      throw .unknownKey(path: path, place: "top level", key: key, allowed: Self.topLevelKeys)
    }
    let allowed = allowedSettings.sorted()
    for key in (raw.base ?? [:]).keys.sorted() where !allowed.contains(key) {
      throw .unknownKey(path: path, place: "base", key: key, allowed: allowed)
    }
    guard let points = raw.points, !points.isEmpty else { throw .emptyGrid(path: path) }
    for (i, group) in points.enumerated() {
      let place = "points[\(i)]"
      for key in group.keys.sorted() where key != "name" && !allowed.contains(key) {
        throw .unknownKey(path: path, place: place, key: key, allowed: ["name"] + allowed)
      }
      for (key, values) in group where values.values.isEmpty {
        throw .emptyList(path: path, place: place, key: key)
      }
      if let name = group["name"] {
        guard case .one(.string(let s)) = name, Self.isSafeName(s) else {
          throw .badValue(
            path: path, place: place, key: "name",
            expected: "one string of letters, digits, '.', '_', '+', '-'", found: "\(name)")
        }
      }
    }
    if let b = raw.batchSequences, !(1...4096).contains(b) {
      throw .badValue(
        path: path, place: "top level", key: "batch-sequences", expected: "1...4096",
        found: String(b))
    }
    self.path = path
    base = raw.base ?? [:]
    groups = points
    hwconfigs = raw.hwconfigs ?? []
    references = raw.reference ?? []
    batchSequences = raw.batchSequences ?? 32
  }

  static func isSafeName(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 100 && !s.hasPrefix(".")
      && s.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._+-=".unicodeScalars.contains($0)
      }
  }

  /// Every point, in spec order (groups in order, each group's product with its first list key
  /// varying slowest). Names: the group's `name` (default `pointN`), plus `-key=value` for each
  /// list key with more than one value (`density-` dropped from the key).
  public func points() throws(SweepError) -> [SweepPoint] {
    var out: [SweepPoint] = []
    var seen: Set<String> = []
    for (i, group) in groups.enumerated() {
      var groupName = "point\(i + 1)"
      if case .one(.string(let s)) = group["name"] { groupName = s }
      let keys = group.keys.filter { $0 != "name" }.sorted()
      var combinations: [[(String, SweepValue)]] = [[]]
      for key in keys {
        let values = group[key]?.values ?? []
        combinations = combinations.flatMap { prefix in values.map { prefix + [(key, $0)] } }
      }
      for combination in combinations {
        var name = groupName
        for (key, value) in combination where (group[key]?.values.count ?? 0) > 1 {
          let short = key.hasPrefix("density-") ? String(key.dropFirst(8)) : key
          name += "-" + short + "=" + Self.sanitized("\(value)")
        }
        guard seen.insert(name).inserted else { throw .duplicateName(path: path, name: name) }
        var merged = base
        for (key, value) in combination { merged[key] = value }
        out.append(
          SweepPoint(
            name: name,
            settings: merged.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) },
            groupKeys: keys))
      }
    }
    return out
  }

  static func sanitized(_ s: String) -> String {
    String(
      s.unicodeScalars.map {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._+-".unicodeScalars.contains($0)
          ? Character($0) : "_"
      })
  }

  static func describe(_ error: DecodingError, path: String) -> SweepError {
    switch error {
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .keyNotFound(_, let context):
      let place = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        .joined(separator: ".")
      return .badValue(
        path: path, place: place.isEmpty ? "top level" : place,
        key: context.codingPath.last?.stringValue ?? "", expected: context.debugDescription,
        found: "another type")
    case .dataCorrupted(let context):
      return .notJSON(path: path, reason: context.debugDescription)
    @unknown default:
      return .notJSON(path: path, reason: "\(error)")
    }
  }
}

/// A point drawn beside the front (e.g. the PyTorch reference's): accuracy and int8-visible
/// density, both in %.
public struct SweepReferencePoint: Sendable, Equatable, Codable {
  public var name: String
  public var accuracy: Double
  public var density: Double

  public init(name: String, accuracy: Double, density: Double) {
    self.name = name
    self.accuracy = accuracy
    self.density = density
  }
}

/// The JSON as written, with the keys it held (to reject unknown ones).
struct RawSweepSpec: Decodable {
  var keys: [String]
  var base: [String: SweepValue]?
  var points: [[String: SweepValues]]?
  var hwconfigs: [String]?
  var reference: [SweepReferencePoint]?
  var batchSequences: Int?

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    keys = c.allKeys.map(\.stringValue)
    base = try c.decodeIfPresent([String: SweepValue].self, forKey: Key(stringValue: "base"))
    points = try c.decodeIfPresent(
      [[String: SweepValues]].self, forKey: Key(stringValue: "points"))
    hwconfigs = try c.decodeIfPresent([String].self, forKey: Key(stringValue: "hwconfigs"))
    reference = try c.decodeIfPresent(
      [SweepReferencePoint].self, forKey: Key(stringValue: "reference"))
    batchSequences = try c.decodeIfPresent(Int.self, forKey: Key(stringValue: "batch-sequences"))
  }
}
