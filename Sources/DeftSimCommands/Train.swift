import ArgumentParser
import Foundation
import Model
import Training

/// `deft-sim train`: fine-tune with a PEFT method (optionally DEFT / ADA-DEFT), evaluate, write
/// the checkpoint, metrics.json and the activation trace into the run directory.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Fine-tune with PEFT or DEFT; write checkpoint, metrics.json and an activation trace.",
    discussion: """
      Example: deft-sim train --task sst2 --method lora --deft --density-eps 1e-3 --out runs/deft
      The run directory receives checkpoint.safetensors (trainable parameters and optimiser state, \
      written atomically every --checkpoint-every steps and at the end), metrics.json (settings, \
      task metric, per-layer density under each zero definition) and trace.zst (the evaluation \
      pass's activation patterns, docs/trace-format.md). --resume continues from the checkpoint.
      Decoders (--model smollm2, docs/decoder.md): --task squad or sst2 with --method lora, or \
      --method prompt --prompt-tokens N (the soft prompt goes to RUN/prompt.safetensors and is \
      used by the evaluation after training; eval --soft-prompt reads it); metrics.json and \
      trace.zst as above.
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var options: TrainOptions
  @OptionGroup var evaluation: EvaluationFlags

  @Option(help: "Run directory (created if missing).") var out: String
  @Option(help: "Trace file (default: RUN/trace.zst).") var traceOut: String?
  @Flag(help: "Do not write a trace.") var noTrace = false
  @Option(help: "metrics.json path (default: RUN/metrics.json).") var metricsOut: String?
  @Flag(help: "Continue from RUN/checkpoint.safetensors.") var resume = false
  @Flag(help: "Start over in a run directory that already holds a checkpoint.") var overwrite =
    false
  @Option(help: "Evaluate (task metric only) every this many steps.") var evalEvery: Int?
  @Option(help: "Save a checkpoint every this many steps (and at the end).") var checkpointEvery =
    500
  @Option(
    help: "Stop after this many steps of the schedule (checkpoint written); continue with --resume."
  )
  var stopAfter: Int?
  @Option(help: "Decoders: trace under per-layer thresholds τ_l calibrated to this gate density.")
  var targetDensity: Double?

  func validate() throws {
    for (name, value) in [
      ("--eval-every", evalEvery), ("--checkpoint-every", checkpointEvery),
      ("--stop-after", stopAfter),
    ] {
      if let value, value < 1 { throw ValidationError("\(name) must be >= 1, got \(value)") }
    }
    if resume && overwrite { throw ValidationError("--resume and --overwrite are exclusive") }
    if noTrace && traceOut != nil {
      throw ValidationError("--trace-out and --no-trace are exclusive")
    }
    if let targetDensity, !(targetDensity > 0 && targetDensity < 1) {
      throw ValidationError("--target-density must be in (0, 1), got \(targetDensity)")
    }
  }

  func run() throws {
    if DecoderLocator.isDecoder(model.model) {
      try runDecoder()
      return
    }
    var c = try options.configuration()
    c.evaluateEvery = evalEvery
    let request = TrainingRunRequest(
      configuration: c, modelDirectory: try ModelLocator.resolve(explicit: model.model),
      dataDirectory: try data.directory(), runDirectory: out, tracePath: traceOut,
      writeTrace: !noTrace, metricsPath: metricsOut, resume: resume, overwrite: overwrite,
      evaluation: try evaluation.options(threads: c.threads), checkpointEvery: checkpointEvery,
      stopAfterSteps: stopAfter,
      toolVersion: ToolVersion.current,
      commandLine: RunProvenance.command(CommandLine.arguments))
    guard let metrics = try TrainingConsole.train(request) else {
      print("stopped after step \(stopAfter ?? 0); checkpoint in \(out); continue with --resume")
      return
    }
    TrainingConsole.printSummary(metrics, runDirectory: out)
  }
}
