import ArgumentParser
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
    let config: HardwareConfig
    do { config = try HardwareConfig.load(path: hw) } catch { throw CommandFailure(error) }
    let result = try replayTraceFile(
      path: trace, config: config,
      options: WorkloadOptions(loraMerged: !unmergedLoRA, batchSequences: batch.batchSequences))
    if json {
      print(try ResultTable.json(result))
    } else if csv {
      print(ResultTable.csv(ResultTable.rows(result, perLayer: perLayer)), terminator: "")
    } else {
      print(
        "\(trace) on \(config.name): \(result.sequences) sequences, \(result.tokens) tokens"
          + batch.titleNote)
      print(ResultTable.aligned(ResultTable.rows(result, perLayer: perLayer)))
      print(
        "area \(ResultTable.fixed(result.area.totalMM2, 3)) mm² (dense baseline "
          + "\(ResultTable.fixed(result.denseBaselineArea.totalMM2, 3))), "
          + "\(ResultTable.fixed(result.sequencesPerSecondPerMM2, 1)) sequences/s per mm², "
          + "\(ResultTable.fixed(result.energyPerSequenceMicrojoules, 2)) µJ per sequence")
    }
  }
}
