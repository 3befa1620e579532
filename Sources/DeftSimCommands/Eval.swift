import ArgumentParser
import Foundation
import Model
import Training

/// `deft-sim eval`: evaluate a saved checkpoint (metrics, densities, trace).
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a saved checkpoint: task metric, per-layer density, activation trace.",
    discussion: """
      The checkpoint's metadata holds the run's settings, so only the checkpoint is needed:
        deft-sim eval --run runs/deft --trace-out runs/deft/trace-exact.zst --trace-zero exact
      Compare two runs example by example:
        deft-sim eval --run runs/peft --predictions-out runs/peft/predictions.csv
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var evaluation: EvaluationFlags

  @Option(
    name: .customLong("run"),
    help: "Run directory of `deft-sim train` (reads RUN/checkpoint.safetensors).")
  var runDirectory: String?
  @Option(help: "Checkpoint file (instead of --run).") var checkpoint: String?
  @Option(help: "Write the trace here.") var traceOut: String?
  @Option(help: "Write metrics.json here.") var metricsOut: String?
  @Option(
    help: ArgumentHelp(
      "Write what was predicted for each example here.",
      discussion:
        "GLUE: CSV example,source_line,label,prediction,correct (regression: abs_error); SQuAD: the {\"id\": \"answer\"} JSON of the official v1.1 evaluation script."
    ))
  var predictionsOut: String?
  @Option(help: "Evaluate on the first this many examples.") var evalLimit: Int?
  @Option(help: "Worker threads.") var threads = 2
  @Option(help: "Decoders: most new tokens per answer.") var maxNewTokens = 24
  @Option(help: "Decoders: squad (generation) or sst2 (label-word classification).")
  var task = "squad"
  @Option(
    help: ArgumentHelp(
      "Decoders: trace under per-layer thresholds τ_l calibrated to this gate density.",
      discussion: "Without it the decoder's trace uses --trace-zero (int8, exact, threshold:τ)."))
  var targetDensity: Double?
  @Option(
    help:
      "Decoders: a soft prompt (RUN/prompt.safetensors of `train --method prompt`) placed before every prompt."
  )
  var softPrompt: String?

  func validate() throws {
    if DecoderLocator.isDecoder(model.model) {
      guard runDirectory == nil, checkpoint == nil else {
        throw ValidationError(
          "a decoder (--model smollm2) is evaluated zero-shot or with --soft-prompt: no --run")
      }
      guard predictionsOut == nil else {
        throw ValidationError(
          "--predictions-out is for encoder checkpoints (--run or --checkpoint)")
      }
      guard task == "squad" || task == "sst2" else {
        throw ValidationError("a decoder evaluates --task squad or sst2, got '\(task)'")
      }
      if let evalLimit, evalLimit < 1 { throw ValidationError("--eval-limit must be >= 1") }
      guard (1...4096).contains(maxNewTokens) else {
        throw ValidationError("--max-new-tokens must be in 1...4096, got \(maxNewTokens)")
      }
      if let targetDensity, !(targetDensity > 0 && targetDensity < 1) {
        throw ValidationError("--target-density must be in (0, 1), got \(targetDensity)")
      }
      return
    }
    if softPrompt != nil {
      throw ValidationError("--soft-prompt is for decoders (--model smollm2)")
    }
    if (runDirectory == nil) == (checkpoint == nil) {
      throw ValidationError("give exactly one of --run or --checkpoint")
    }
    if let evalLimit, evalLimit < 1 { throw ValidationError("--eval-limit must be >= 1") }
    guard TrainingConfiguration.Limits.threads.contains(threads) else {
      throw ValidationError(
        "--threads must be in \(TrainingConfiguration.Limits.threads), got \(threads)")
    }
  }

  func run() throws {
    if DecoderLocator.isDecoder(model.model) {
      try task == "sst2" ? runDecoderSST2() : runDecoder()
      return
    }
    let path = checkpoint ?? ((runDirectory ?? ".") + "/checkpoint.safetensors")
    let request = EvaluationRunRequest(
      checkpointPath: path, modelDirectory: try ModelLocator.resolve(explicit: model.model),
      dataDirectory: try data.directory(), tracePath: traceOut, metricsPath: metricsOut,
      predictionsPath: predictionsOut, evaluationLimit: evalLimit,
      evaluation: try evaluation.options(threads: threads),
      toolVersion: ToolVersion.current, commandLine: RunProvenance.command(CommandLine.arguments))
    let bars = ProgressBars()
    let metrics: RunMetrics
    do {
      metrics = try TrainingRun.evaluate(
        request, observer: TrainingObserver(evaluating: { bars.update($0, done: $1, total: $2) }))
    } catch {
      throw CommandFailure(error.description)
    }
    TrainingConsole.printSummary(
      metrics,
      runDirectory: runDirectory ?? URL(fileURLWithPath: path).deletingLastPathComponent().path)
  }
}
