import ArgumentParser
import Reports
import Simulator

/// `deft-sim replay TRACE --hw HW.json`: replays a trace on one hardware config.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay a trace on a hardware config: totals, per-layer figures, speedup over dense.")

  @Argument(help: "Trace file.")
  var trace: String

  @Option(help: "Hardware config JSON.")
  var hw: String

  @Flag(help: "Print the full SimulationResult as JSON.")
  var json = false

  @Flag(help: "Print the table as CSV.")
  var csv = false

  @Flag(help: "Add one row per layer and per GEMM, with each GEMM's DRAM loop order.")
  var perLayer = false

  @Flag(help: "Run LoRA as separate GEMMs instead of merged into the weights.")
  var unmergedLoRA = false

  @OptionGroup var batch: BatchOption

  func validate() throws {
    if json && csv { throw ValidationError("--json and --csv are exclusive") }
  }

  func run() throws {
    let options = WorkloadOptions(
      loraMerged: !unmergedLoRA, batchSequences: batch.batchSequences)
    let result = try replaying { () throws(ReplayError) in
      let configs = try TraceReplay.loadConfigs([hw])
      return try TraceReplay.replay(path: trace, configs: configs, options: options)[0]
    }
    if json {
      print(
        try rendering { () throws(ReportError) in
          try SortedJSON.string(result, what: "the result")
        }, terminator: "")
    } else if csv {
      print(CSVWriter.render(ReplayTable.replay(result, perLayer: perLayer)), terminator: "")
      if result.phases != nil {
        print(CSVWriter.render(PhaseTable.phases(result)), terminator: "")
      }
    } else {
      print(
        "\(trace) on \(result.hardware.name): \(result.sequences) sequences, "
          + "\(result.tokens) tokens" + batch.titleNote)
      print(TextTable.render(ReplayTable.replay(result, perLayer: perLayer)))
      print(
        "area \(FixedDecimal.string(result.area.totalMM2, digits: 3)) mm² (dense baseline "
          + "\(FixedDecimal.string(result.denseBaselineArea.totalMM2, digits: 3))), "
          + "\(FixedDecimal.string(result.sequencesPerSecondPerMM2, digits: 1)) sequences/s per "
          + "mm², \(FixedDecimal.string(result.energyPerSequenceMicrojoules, digits: 2)) µJ per "
          + "sequence")
      if result.phases != nil {
        print("per phase (runs: batches for encoder and prefill, batched steps for decode):")
        print(TextTable.render(PhaseTable.phases(result)))
      }
    }
  }
}
