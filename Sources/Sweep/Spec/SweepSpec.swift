/// A design-space sweep (docs/sweeps.md): a base hardware config, axes that vary keys of it (or
/// of the workload), the traces every point is replayed on, and constraints on the metrics.
/// Decode with ``SweepSpec/load(path:)``, which lists every problem at once.
public struct SweepSpec: Sendable, Equatable {
  public static let currentFormatVersion = 1
  /// The workload keys an axis may vary besides hardware config key paths.
  public static let workloadKeys = ["workload.batchSequences", "workload.loraMerged"]

  /// The spec file (messages); empty for a spec built in code.
  public var file = ""
  /// The sweep's name (tables, report titles).
  public var name: String
  /// The base hardware config as a JSON tree (a file's content, or the spec's inline object).
  public var base: JSONValue
  /// Where the base came from (a path as written in the spec, or `inline`).
  public var baseSource: String
  public var axes: [SweepAxis]
  public var traces: [SweepTrace]
  public var constraints: [SweepConstraint]
  /// What to do with grid points whose hardware config is invalid.
  public var invalidPoints: InvalidPointPolicy

  public enum InvalidPointPolicy: String, Sendable, Equatable, CaseIterable {
    /// Any invalid point is an error listing every invalid point (the default).
    case error
    /// Invalid points are left out and listed, with their reasons, in the merged results.
    case skip
  }

  public init(
    name: String, base: JSONValue, baseSource: String, axes: [SweepAxis], traces: [SweepTrace],
    constraints: [SweepConstraint], invalidPoints: InvalidPointPolicy
  ) {
    self.name = name
    self.base = base
    self.baseSource = baseSource
    self.axes = axes
    self.traces = traces
    self.constraints = constraints
    self.invalidPoints = invalidPoints
  }

  /// Every key the axes set, in axis order (the columns of the tables).
  public var axisKeys: [String] { axes.flatMap(\.keys) }
}

/// One axis: one key path and its values, or several key paths set together (each value is then
/// an array with one entry per key), e.g. `peArray.rows` with `zeroHandling.lanes`.
public struct SweepAxis: Sendable, Equatable {
  public var keys: [String]
  /// One entry per point of the axis, one value per key.
  public var values: [[JSONValue]]

  public init(keys: [String], values: [[JSONValue]]) {
    self.keys = keys
    self.values = values
  }
}

/// A trace the sweep replays: its path as written in the spec and resolved against the spec's
/// directory, and the label tables use.
public struct SweepTrace: Sendable, Equatable, Codable {
  public var label: String
  /// As written in the spec (part of the sweep's identity).
  public var path: String
  /// The path to open (relative paths are relative to the spec file's directory).
  public var resolvedPath: String

  public init(label: String, path: String, resolvedPath: String) {
    self.label = label
    self.path = path
    self.resolvedPath = resolvedPath
  }
}

/// A bound on a metric: a point is feasible on a trace when every constraint holds there.
public struct SweepConstraint: Sendable, Equatable, Codable {
  public var metric: SweepMetric
  public var min: Double?
  public var max: Double?

  public init(metric: SweepMetric, min: Double? = nil, max: Double? = nil) {
    self.metric = metric
    self.min = min
    self.max = max
  }

  public func holds(_ value: Double) -> Bool {
    if let min, value < min { return false }
    if let max, value > max { return false }
    return true
  }

  /// `areaMM2 <= 10`, `0.5 <= speedup`.
  public var text: String {
    var parts: [String] = []
    if let min { parts.append("\(min) <= ") }
    parts.append(metric.rawValue)
    if let max { parts.append(" <= \(max)") }
    return parts.joined()
  }
}
