import ArgumentParser
import AtomicOutput
import Foundation
import Reports
import Simulator
import TraceFormat

/// `deft-sim compare --trace A --trace B --hw X --hw Y [--out DIR]`: the traces × configs matrix.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay every trace on every hardware config: latency, energy, speedup.",
    discussion: """
      With --out DIR, also writes report.html (charts, including speedup vs density across \
      configs), report.md, results.json and results.csv, like `deft-sim report`. Traces whose \
      headers mark them as PEFT and DEFT runs of the same model, task and PEFT method are \
      paired (see docs/reports.md).
      """)

  @Option(name: .customLong("trace"), help: "Trace file (repeat for more).")
  var traces: [String] = []

  @Option(
    name: .customLong("hw"), parsing: .upToNextOption,
    help: "Hardware config JSON (repeat, or give several after one --hw).")
  var configs: [String] = []

  @Option(help: "Write the results as JSON to this file.")
  var json: String?

  @Option(help: "Write the matrix as CSV to this file.")
  var csv: String?

  @Option(help: "Write a report directory (report.html, report.md, results.json, results.csv).")
  var out: String?

  @OptionGroup var batch: BatchOption

  func validate() throws {
    if traces.isEmpty { throw ValidationError("give at least one --trace") }
    if configs.isEmpty { throw ValidationError("give at least one --hw") }
  }

  func run() throws {
    let hardware = try replaying { () throws(ReplayError) in try TraceReplay.loadConfigs(configs) }
    let options = WorkloadOptions(batchSequences: batch.batchSequences)
    let results = try replaying { () throws(ReplayError) in
      try TraceReplay.replay(paths: traces, configs: hardware, options: options)
    }
    let table = ReplayTable.matrix(labels: traces, results: results)
    if batch.batchSequences != 1 { print("batch \(batch.batchSequences) sequences") }
    print(TextTable.render(table))
    if results.contains(where: { $0.contains { $0.phases != nil } }) {
      print("per phase (version-2 traces):")
      print(TextTable.render(PhaseTable.matrix(labels: traces, results: results)))
    }
    if let json {
      try write(
        try rendering { () throws(ReportError) in
          try SortedJSON.string(results.flatMap { $0 }, what: "the results")
        }, to: json)
    }
    if let csv { try write(CSVWriter.render(table), to: csv) }
    if let out {
      let twinConfigs = TraceReplay.equalAreaTwins(hardware)
      let twins =
        twinConfigs.isEmpty
        ? []
        : try replaying { () throws(ReplayError) in
          try TraceReplay.replay(paths: traces, configs: twinConfigs, options: options)
        }
      var report = ReportOutput.build(
        kind: .compare,
        title: "\(traces.count) traces × \(hardware.count) hardware configs\(batch.titleNote)",
        labels: Self.labels(traces), paths: traces, configPaths: configs, results: results,
        pairs: TracePair.pairs(headers: results.map { $0[0].traceHeader }),
        command: ["compare"] + traces.flatMap { ["--trace", $0] }
          + configs.flatMap { ["--hw", $0] }
          + batch.arguments + ["--out", out], twins: twins)
      report.decodeBatches = try DecodeSweep.points(
        paths: traces, configs: hardware, options: options, results: results)
      try ReportOutput.write(report, to: out).forEach { print($0) }
    }
  }

  /// File names, or the paths as given when two traces share a file name.
  static func labels(_ paths: [String]) -> [String] {
    let names = paths.map { URL(fileURLWithPath: $0).lastPathComponent }
    return Set(names).count == names.count ? names : paths
  }

  private func write(_ text: String, to path: String) throws {
    do { try AtomicFile.write(text, to: path) } catch { throw CommandFailure("\(error)") }
  }
}
