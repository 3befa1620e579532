import Simulator

/// The points of a spec's grid: the cartesian product of its axes, the last axis varying
/// fastest, numbered from 0. Points are built on demand (a shard builds only its own), so memory
/// does not grow with the grid.
public struct SweepGrid: Sendable {
  public let spec: SweepSpec
  /// Number of points (at most ``SweepSpec/maxPoints``, checked when the spec was decoded).
  public let count: Int
  private let baseName: String

  public init(spec: SweepSpec) {
    self.spec = spec
    self.count = spec.axes.reduce(1) { $0 * $1.values.count }
    if case .object(let members) = spec.base, case .string(let name)? = members["name"] {
      baseName = name
    } else {
      baseName = spec.name
    }
  }

  /// The value of every axis key (``SweepSpec/axisKeys`` order) at point `index`.
  public func values(at index: Int) -> [JSONValue] {
    precondition((0..<count).contains(index), "point \(index) outside 0..<\(count)")
    var rest = index
    var picked: [[JSONValue]] = []
    for axis in spec.axes.reversed() {
      picked.append(axis.values[rest % axis.values.count])
      rest /= axis.values.count
    }
    return picked.reversed().flatMap { $0 }
  }

  /// The hardware config and workload options of point `index`, or the decoder's problems.
  public func point(at index: Int) -> Result<SweepPoint, HardwareConfigError> {
    let values = values(at: index)
    var tree = spec.base
    var options = WorkloadOptions()
    for (key, value) in zip(spec.axisKeys, values) {
      switch (key, value) {
      case ("workload.batchSequences", .int(let n)): options.batchSequences = n
      case ("workload.loraMerged", .bool(let merged)): options.loraMerged = merged
      default: tree = tree.setting(value, at: key.split(separator: ".").map(String.init))
      }
    }
    tree = tree.setting(.string("\(baseName)-p\(index)"), at: ["name"])
    switch HardwareProbe.decode(tree, file: "point \(index)") {
    case .success(let config):
      return .success(SweepPoint(index: index, values: values, config: config, options: options))
    case .failure(let error): return .failure(error)
    }
  }

  /// Every point checked before anything runs: points whose hardware config is invalid, and
  /// points that fail a constraint on a config-only metric (they are not replayed).
  public func check() -> GridCheck {
    var check = GridCheck()
    let configConstraints = spec.constraints.filter(\.metric.isConfigOnly)
    for index in 0..<count {
      switch point(at: index) {
      case .failure(let error):
        check.invalid.append(
          ExcludedPoint(
            point: index,
            reasons: error.issues.map {
              "\($0.keyPath): \($0.problem): expected \($0.expected), found \($0.found)"
            }))
      case .success(let point):
        let area = AreaBreakdown(config: point.config).totalMM2
        let failed = configConstraints.filter { !$0.holds(area) }
        if !failed.isEmpty {
          check.pruned.append(
            ExcludedPoint(
              point: index, reasons: failed.map { "\($0.text) fails: areaMM2 = \(area)" }))
        }
      }
    }
    return check
  }
}

/// One grid point, ready to replay.
public struct SweepPoint: Sendable {
  public var index: Int
  public var values: [JSONValue]
  public var config: HardwareConfig
  public var options: WorkloadOptions
}

/// A point left out, with why.
public struct ExcludedPoint: Codable, Sendable, Equatable {
  public var point: Int
  public var reasons: [String]
}

/// The result of ``SweepGrid/check()``.
public struct GridCheck: Sendable, Equatable {
  public var invalid: [ExcludedPoint] = []
  public var pruned: [ExcludedPoint] = []

  public init(invalid: [ExcludedPoint] = [], pruned: [ExcludedPoint] = []) {
    self.invalid = invalid
    self.pruned = pruned
  }

  /// Indices of the points that run.
  public func excluded() -> Set<Int> {
    Set(invalid.map(\.point)).union(pruned.map(\.point))
  }
}

/// Grid points whose hardware config is invalid, under `"invalidPoints": "error"`.
public struct InvalidPointsError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var keys: [String]
  public var points: [(point: Int, values: [JSONValue], reasons: [String])]

  public var description: String {
    var lines = [
      "\(file): \(points.count) grid point\(points.count == 1 ? " is" : "s are") invalid "
        + "(hint: change the axes, or set \"invalidPoints\": \"skip\" to leave them out)"
    ]
    for entry in points {
      let where_ = zip(keys, entry.values).map { "\($0)=\($1.canonicalText)" }
        .joined(separator: ", ")
      lines.append("  point \(entry.point) (\(where_)): " + entry.reasons.joined(separator: "; "))
    }
    return lines.joined(separator: "\n")
  }
}
