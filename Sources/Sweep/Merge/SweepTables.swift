import Foundation

/// The merged sweep as CSV: every row (`sweep.csv`) and every Pareto set's points
/// (`pareto.csv`). Numbers are written exactly (shortest round-trip text).
public enum SweepTables {
  public static func sweepCSV(_ sweep: MergedSweep) -> String {
    let values = sweep.valuesByPoint
    var lines = [
      (["point"] + sweep.axisKeys + ["trace", "feasible"] + metricColumns).map(cell)
        .joined(separator: ",")
    ]
    for row in sweep.rows {
      let fields =
        ["\(row.point)"] + (values[row.point] ?? []).map(\.cellText)
        + [sweep.traces[row.trace].label, row.feasible ? "true" : "false"]
        + metricCells(row.metrics)
      lines.append(fields.map(cell).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public static func paretoCSV(_ sweep: MergedSweep, _ fronts: SweepFronts) -> String {
    let values = sweep.valuesByPoint
    var rowsByPoint: [Int: [Int: SweepRow]] = [:]
    for row in sweep.rows { rowsByPoint[row.point, default: [:]][row.trace] = row }
    var lines = [
      (["front", "scope", "point"] + sweep.axisKeys
        + ["latencyMicroseconds", "energyMicrojoules", "areaMM2", "deftOverPeftSpeedup"])
        .map(cell).joined(separator: ",")
    ]
    var speedups: [String: Double] = [:]
    for entry in fronts.pairSpeedups { speedups["\(entry.pair)/\(entry.point)"] = entry.speedup }
    for set in fronts.sets {
      let traceIndex = sweep.traces.firstIndex { $0.label == set.scope }
      let pairIndex = sweep.pairs.firstIndex {
        SweepFronts.pairLabel($0, sweep.traces) == set.scope
      }
      for point in set.points {
        var row: SweepRow?
        var speedup = ""
        if set.front == "speedup-area", let pairIndex {
          row = rowsByPoint[point]?[sweep.pairs[pairIndex].deft]
          speedup = speedups["\(pairIndex)/\(point)"].map { "\($0)" } ?? ""
        } else if let traceIndex {
          row = rowsByPoint[point]?[traceIndex]
        }
        let metrics =
          row.map {
            [
              "\($0.metrics.latencyMicroseconds)", "\($0.metrics.energyMicrojoules)",
              "\($0.metrics.areaMM2)",
            ]
          } ?? ["", "", ""]
        let fields =
          [set.front, set.scope, "\(point)"] + (values[point] ?? []).map(\.cellText) + metrics
          + [speedup]
        lines.append(fields.map(cell).joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static let metricColumns = [
    "cycles", "denseCycles", "latencyMicroseconds", "energyMicrojoules",
    "energyPerSequenceMicrojoules", "areaMM2", "speedup", "energySaving",
    "sequencesPerSecondPerMM2", "utilisation",
  ]

  static func metricCells(_ m: SweepMetrics) -> [String] {
    [
      "\(m.cycles)", "\(m.denseCycles)", "\(m.latencyMicroseconds)", "\(m.energyMicrojoules)",
      "\(m.energyPerSequenceMicrojoules)", "\(m.areaMM2)", "\(m.speedup)", "\(m.energySaving)",
      "\(m.sequencesPerSecondPerMM2)", "\(m.utilisation)",
    ]
  }

  /// RFC 4180: quoted when the cell holds a comma, a quote or a line break.
  static func cell(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
