import AtomicOutput
import Reports

/// The merged outputs, written as one directory (``AtomicDirectory``): `sweep.csv`,
/// `sweep.json`, `pareto.csv` and `report.html`. The bytes depend only on the merged rows, not
/// on the shards they came from.
public enum SweepOutput {
  public static let fileNames: Set<String> = [
    "sweep.csv", "sweep.json", "pareto.csv", "report.html",
  ]

  /// The merged sweep as `sweep.json` writes it.
  struct Document: Encodable {
    var sweep: String
    var digest: String
    var gridPoints: Int
    var axisKeys: [String]
    var constraints: [String]
    var traces: [TraceInfo]
    var pairs: [TracePair]
    var points: [PointValues]
    var rows: [SweepRow]
    var invalid: [ExcludedPoint]
    var pruned: [ExcludedPoint]
    var pareto: [ParetoSet]
    var deftOverPeft: [PairSpeedup]
  }

  public static func files(_ sweep: MergedSweep) throws(ReportError) -> [(
    name: String, bytes: [UInt8]
  )] {
    let fronts = SweepFronts(sweep)
    let document = Document(
      sweep: sweep.sweep, digest: sweep.digest, gridPoints: sweep.gridPoints,
      axisKeys: sweep.axisKeys, constraints: sweep.constraints, traces: sweep.traces,
      pairs: sweep.pairs, points: sweep.points, rows: sweep.rows, invalid: sweep.invalid,
      pruned: sweep.pruned, pareto: fronts.sets, deftOverPeft: fronts.pairSpeedups)
    return [
      ("pareto.csv", Array(SweepTables.paretoCSV(sweep, fronts).utf8)),
      ("report.html", Array(SweepReportPage.html(sweep, fronts).utf8)),
      ("sweep.csv", Array(SweepTables.sweepCSV(sweep).utf8)),
      ("sweep.json", Array(try SortedJSON.string(document, what: "sweep.json").utf8)),
    ]
  }

  /// Writes the outputs into `directory` (replaced as a whole); returns the paths.
  public static func write(_ sweep: MergedSweep, to directory: String) throws(SweepMergeError)
    -> [String]
  {
    let outputs: [(name: String, bytes: [UInt8])]
    do throws(ReportError) { outputs = try files(sweep) } catch {
      throw SweepMergeError(directory: directory, problems: ["\(error)"])
    }
    do throws(FileOutputError) {
      try AtomicDirectory.replace(directory, with: outputs, replaceable: fileNames)
    } catch {
      throw SweepMergeError(directory: directory, problems: ["\(error)"])
    }
    return outputs.map { directory + "/" + $0.name }
  }
}
