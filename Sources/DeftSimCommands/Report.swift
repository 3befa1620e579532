import ArgumentParser
import Reports
import Simulator

/// `deft-sim report --peft P --deft D --hw HW.json… --out DIR`: PEFT and DEFT side by side.
public struct Report: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Replay a PEFT and a DEFT trace on hardware configs and write a report directory.",
    discussion: """
      Writes report.html (self-contained, inline SVG charts), report.md (the tables), \
      results.json (everything, with formatVersion) and results.csv (one row per trace x config \
      x layer plus total rows) into --out, and prints a side-by-side summary. \
      See docs/reports.md for every column.
      """)

  @Option(help: "Trace of the run fine-tuned without the density loss (PEFT only).")
  public var peft: String

  @Option(help: "Trace of the run fine-tuned with the density loss (DEFT).")
  public var deft: String

  @Option(
    name: .customLong("hw"), parsing: .upToNextOption,
    help: "Hardware config JSON (repeat, or give several after one --hw).")
  public var configs: [String] = []

  @Option(help: "Output directory (created if missing; the four files are replaced atomically).")
  public var out: String

  @Flag(
    name: .customLong("unmerged-lora"),
    help: "Run LoRA as separate GEMMs instead of merged into the weights.")
  public var unmergedLoRA = false

  @OptionGroup public var batch: BatchOption

  @Option(
    help: """
      A sweep's front.json (or its cached copy, e.g. examples/fronts/sst2-front.json) to show \
      with the two runs drawn over it.
      """)
  public var front: String?

  public init() {}

  public func validate() throws {
    if configs.isEmpty { throw ValidationError("give at least one --hw") }
  }

  public func run() throws {
    let cachedFront = try CachedFrontFile.load(explicit: front, searchDefault: false)
    let hardware = try replaying { () throws(ReplayError) in try TraceReplay.loadConfigs(configs) }
    let options = WorkloadOptions(
      loraMerged: !unmergedLoRA, batchSequences: batch.batchSequences)
    let (results, twins) = try replaying { () throws(ReplayError) in
      try TraceReplay.replayWithTwins(paths: [peft, deft], configs: hardware, options: options)
    }
    var command = ["report", "--peft", peft, "--deft", deft] + configs.flatMap { ["--hw", $0] }
    command += ["--out", out] + (unmergedLoRA ? ["--unmerged-lora"] : []) + batch.arguments
    command += cachedFront?.sourceArguments ?? []
    var report = ReportOutput.build(
      kind: .report,
      title: "PEFT vs DEFT on \(hardware.count) hardware config"
        + (hardware.count == 1 ? "" : "s") + batch.titleNote, labels: ["PEFT", "DEFT"],
      paths: [peft, deft],
      configPaths: configs, results: results, pairs: [TracePair(peft: 0, deft: 1)],
      command: command, twins: twins)
    report.decodeBatches = try DecodeSweep.points(
      paths: [peft, deft], configs: hardware, options: options, results: results)
    CachedFrontFile.attach(cachedFront, to: &report)
    let written = try ReportOutput.write(report, to: out)
    print(TerminalSummary.render(report))
    print("")
    written.forEach { print($0) }
  }
}
