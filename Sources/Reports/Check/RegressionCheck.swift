/// Compares measured speedups with a baseline.
///
/// Tolerance is relative: a measurement fails when `current < baseline × (1 − tolerance)`, i.e.
/// when it dropped by more than `tolerance` (0.02 = 2 %) of the baseline value. Improvements
/// always pass. The margin of a measurement is `current / baseline − 1 + tolerance`: how much
/// further (as a fraction of the baseline) it may still drop before failing.
public struct RegressionCheck: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var measurement: SpeedupMeasurement
    public var baseline: Double
    public var current: Double { measurement.value }
    public var tolerance: Double

    /// `current / baseline − 1` (negative: slower than the baseline).
    public var relativeChange: Double { baseline != 0 ? current / baseline - 1 : 0 }
    /// The lowest passing value.
    public var threshold: Double { baseline * (1 - tolerance) }
    public var margin: Double { relativeChange + tolerance }
    public var passed: Bool { current >= threshold }
  }

  public var tolerance: Double
  public var rows: [Row]

  /// Matches `current` against `baseline`; throws ``BaselineError/mismatch(path:problems:)``
  /// when they were measured on different traces (by file name and fingerprint), configs,
  /// pairs or batch sizes.
  public init(
    current: SpeedupBaseline, baseline: SpeedupBaseline, baselinePath: String, tolerance: Double
  ) throws(BaselineError) {
    precondition((0..<1).contains(tolerance), "tolerance must be in 0..<1 (got \(tolerance))")
    var problems: [String] = []
    let (was, now) = (baseline.recordedBatchSequences, current.recordedBatchSequences)
    if was != now {
      problems.append(
        "the baseline was recorded at batch \(was) (--batch-sequences \(was)), the speedups now "
          + "are measured at batch \(now) (--batch-sequences \(now))")
    }
    let recorded = Dictionary(baseline.traces.map { ($0.file, $0) }) { first, _ in first }
    let given = Set(current.traces.map(\.file))
    for trace in current.traces {
      guard let old = recorded[trace.file] else {
        problems.append(
          "trace \(trace.file) is not in the baseline (it has "
            + baseline.traces.map(\.file).joined(separator: ", ") + ")")
        continue
      }
      let changes = trace.fingerprint.differences(from: old.fingerprint)
      if !changes.isEmpty {
        problems.append(
          "trace \(trace.file) is not the recorded one (baseline → given: "
            + changes.joined(separator: ", ") + ")")
      }
    }
    for trace in baseline.traces where !given.contains(trace.file) {
      problems.append("baseline trace \(trace.file) was not given")
    }
    for config in current.configs where !baseline.configs.contains(config) {
      problems.append(
        "config \(config) is not in the baseline (it has "
          + baseline.configs.joined(separator: ", ") + ")")
    }
    for config in baseline.configs where !current.configs.contains(config) {
      problems.append("baseline config \(config) was not given")
    }
    if problems.isEmpty {
      let currentKeys = Set(current.measurements.map(\.key))
      let baselineKeys = Set(baseline.measurements.map(\.key))
      for m in current.measurements where !baselineKeys.contains(m.key) {
        problems.append("\(m.name) is not in the baseline (traces paired differently?)")
      }
      for m in baseline.measurements where !currentKeys.contains(m.key) {
        problems.append("baseline has \(m.name), which was not measured now")
      }
    }
    if !problems.isEmpty { throw .mismatch(path: baselinePath, problems: problems) }
    let values = Dictionary(baseline.measurements.map { ($0.key, $0.value) }) { first, _ in first }
    self.tolerance = tolerance
    self.rows = current.measurements.map {
      Row(measurement: $0, baseline: values[$0.key] ?? $0.value, tolerance: tolerance)
    }
  }

  public var failures: [Row] { rows.filter { !$0.passed } }

  /// The row with the least margin left.
  public var tightest: Row? { rows.min { $0.margin < $1.margin } }

  /// Baseline, current, change and margin of every measurement.
  public func table() -> Table {
    var table = Table(
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("config", alignment: .left),
        Table.Column("metric", alignment: .left), Table.Column("baseline (×)"),
        Table.Column("current (×)"), Table.Column("change"), Table.Column("margin"),
        Table.Column("status", alignment: .left),
      ])
    for row in rows {
      let m = row.measurement
      table.append([
        m.reference.map { "\(m.trace) / \($0)" } ?? m.trace, m.config,
        m.metric == .deftOverPeftSpeedup
          ? "DEFT over PEFT" : m.metric.rawValue.replacingOccurrences(of: "-", with: " "),
        FixedDecimal.string(row.baseline, digits: 4), FixedDecimal.string(row.current, digits: 4),
        FixedDecimal.signed(row.relativeChange * 100, digits: 2) + " %",
        FixedDecimal.signed(row.margin * 100, digits: 2) + " %",
        row.passed ? "ok" : "FAIL",
      ])
    }
    return table
  }

  /// One line per failing measurement, naming trace, config and metric.
  public func failureMessage() -> String {
    let lines = failures.map { row in
      "  \(row.measurement.name): \(FixedDecimal.string(row.current, digits: 4))× < "
        + "\(FixedDecimal.string(row.threshold, digits: 4))× (baseline "
        + "\(FixedDecimal.string(row.baseline, digits: 4))× − \(tolerancePercent)), change "
        + "\(FixedDecimal.signed(row.relativeChange * 100, digits: 2)) %"
    }
    return "\(failures.count) of \(rows.count) speedups dropped below the baseline by more than "
      + "\(tolerancePercent):\n" + lines.joined(separator: "\n")
  }

  /// The tolerance as `2.0 %`.
  public var tolerancePercent: String { FixedDecimal.percent(tolerance, digits: 1) }
}
