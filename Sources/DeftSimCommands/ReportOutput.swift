import Reports
import Simulator

/// Runs a rendering step, its errors as one `Error:` line.
func rendering<T>(_ body: () throws(ReportError) -> T) throws -> T {
  do throws(ReportError) { return try body() } catch { throw CommandFailure(error) }
}

/// Builds a comparison report from replayed results and writes its directory: shared by
/// `report` and `compare --out`.
enum ReportOutput {
  /// The report of `labels[t]`/`paths[t]` with `results[t][c]` (config `c` read from
  /// `configPaths[c]`); `command` is the deft-sim command line (without the program name) that
  /// regenerates it.
  static func build(
    kind: ComparisonReport.Kind, title: String, labels: [String], paths: [String],
    configPaths: [String], results: [[SimulationResult]], pairs: [TracePair], command: [String],
    twins: [[SimulationResult]] = []
  ) -> ComparisonReport {
    var reproduce: [String] = []
    for (t, path) in paths.enumerated() {
      let provenance = results[t][0].traceHeader.provenance
      if let recorded = provenance["command"] {
        reproduce.append("# \(labels[t]) trace \(path), as its header records it:")
        reproduce.append(recorded)
      } else {
        reproduce.append("# \(labels[t]) trace \(path): its header records no command")
      }
    }
    reproduce.append("# this report:")
    reproduce.append(ShellWords.join(["deft-sim"] + command))
    reproduce.append("# one replay as JSON (its totals match results.json):")
    let batch = results[0][0].workload.batchSequences
    reproduce.append(
      ShellWords.join(
        ["deft-sim", "replay", paths[0], "--hw", configPaths[0], "--json"]
          + (batch == 1 ? [] : ["--batch-sequences", "\(batch)"])))
    return ComparisonReport(
      kind: kind, title: title, toolVersion: ToolVersion.current,
      inputs: paths.indices.map {
        ComparisonReport.Input(
          label: labels[$0], path: paths[$0], results: results[$0],
          twins: $0 < twins.count ? twins[$0] : [])
      }, pairs: pairs, reproduce: reproduce)
  }

  /// Writes the report files into `directory`; returns the lines to print.
  static func write(_ report: ComparisonReport, to directory: String) throws -> [String] {
    do {
      let written = try ReportBundle(report).write(to: directory)
      return ["wrote " + written.joined(separator: ", ")]
    } catch {
      throw CommandFailure("\(error)")
    }
  }
}
