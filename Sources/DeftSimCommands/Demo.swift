import ArgumentParser
import Foundation
import Model
import Reports
import Simulator
import TensorCore
import TraceFormat
import Training

/// `deft-sim demo`: the main job. Fine-tunes LoRA PEFT and LoRA DEFT on SST-2 (by default the
/// best point of the SST-2 front, ``DemoDefaults``), evaluates both on the dev set with traces,
/// replays the traces on every hardware config and writes the report, with the cached front.
public struct Demo: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "PEFT vs DEFT on SST-2, replayed on every accelerator config: the whole story.",
    discussion: """
      Trains LoRA without (PEFT) and with DEFT on the full SST-2 train set (by default the \
      best point of the SST-2 front: --recipe reference, ADA-DEFT gates with penalty 0.1 and no \
      density loss, which skip whole MLP blocks; the same runs as the `peft` and `ada-p0.1` \
      points of examples/sweeps/sst2-front.json; --no-ada --density-loss tile trains the \
      density-loss point `tile32-l1` instead), evaluates both on the 872 dev sentences writing \
      activation traces (int8 zero definition), replays them on every config in hwconfigs/, \
      prints the side-by-side summary and writes OUT/report/report.html (+ report.md, \
      results.json, results.csv) with the accuracy–density–speedup front of a cached sweep \
      (--front, default examples/fronts/sst2-front.json) and the two runs drawn over it. Runs \
      already complete with the same settings are reused (--fresh retrains). Without GLUE data, \
      --synthetic replays synthetic traces instead.
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions

  @Option(help: "Output directory.") var out = "demo-out"
  @Option(help: "Hardware config directory (default: hwconfigs/ of the checkout).") var hwDir:
    String?
  @Option(
    help: """
      Cached front shown in the report (a sweep's front.json; default: \
      \(DemoDefaults.frontFile) of the checkout, left out with a note when absent).
      """)
  var front: String?
  @Flag(help: "Replay synthetic PEFT/DEFT traces (no model or data needed).") var synthetic = false
  @Flag(help: "Retrain even when a finished run with the same settings exists.") var fresh = false

  @Option(help: "Training steps per run.") var steps = DemoDefaults.steps
  @Option(help: "Sequences per batch.") var batchSize = DemoDefaults.batchSize
  @Option(name: .customLong("lr"), help: "Peak learning rate.") var learningRate: Float =
    DemoDefaults.learningRate
  @Option(help: "LoRA targets (comma-separated, or all).") var loraTargets =
    DemoDefaults.loraTargets
  @Option(help: "Training details: reference or deft-sim (deft-sim train --help).") var recipe =
    DemoDefaults.recipe
  @Option(
    help: """
      DEFT: density loss none (the gates alone), element, int8, block or tile (deft-sim train \
      --help); with --no-ada one of the four.
      """)
  var densityLoss = DemoDefaults.densityLoss
  @Option(help: "DEFT tile loss: tokens per tile t.") var densityTile = DemoDefaults.densityTile
  @Option(help: "DEFT block loss: units per block g.") var densityBlock =
    DemoDefaults.densityBlock
  @Option(help: "DEFT: ε of the density loss (unused by the int8 loss).") var densityEps: Float =
    DemoDefaults.densityEps
  @Option(help: "DEFT: weight λ of the density loss.") var densityWeight: Float =
    DemoDefaults.densityWeight
  @Flag(
    inversion: .prefixedNo,
    help: """
      DEFT run with ADA-DEFT gates that can skip whole MLP blocks (on by default; with \
      --density-loss none the gates alone, the front's ada points; --no-ada trains the density \
      loss alone).
      """)
  var ada = DemoDefaults.ada
  @Option(help: "ADA-DEFT: weight of the L1 gate penalty.") var adaPenalty: Float =
    DemoDefaults.adaPenalty
  @Option(help: "ADA-DEFT: peak learning rate of the gates.") var adaLr: Float =
    DemoDefaults.adaLearningRate
  @Option(help: "Evaluate on the first this many dev sentences (default: all 872).") var evalLimit:
    Int?
  @Option(
    help: "Sequences per replay batch (an inference server's batch; 1 replays one at a time).")
  var batchSequences = 32
  @Option(help: "Seed.") var seed: UInt64 = 0
  @Option(help: "Worker threads.") var threads = 2

  public init() {}

  /// The report directory: its own folder, so that it can be replaced as a whole (the run
  /// directories beside it stay).
  var reportDirectory: String { out + "/report" }

  public func validate() throws {
    guard batchSequences > 0 else { throw ValidationError("--batch-sequences must be > 0") }
    // Named as the demo's options (the train options below say --max-steps).
    guard TrainingConfiguration.Limits.steps.contains(steps),
      TrainingConfiguration.Limits.batchSize.contains(batchSize)
    else {
      throw ValidationError(
        "--steps must be in \(TrainingConfiguration.Limits.steps), --batch-size in "
          + "\(TrainingConfiguration.Limits.batchSize)")
    }
    if densityLoss == Self.noDensityLoss && !ada {
      throw ValidationError(
        "--no-ada with --density-loss none (the default) leaves the DEFT run equal to the PEFT "
          + "run: choose a loss (e.g. --no-ada --density-loss tile) or drop --no-ada")
    }
    for deft in [false, true] {
      do { _ = try trainingConfiguration(deft: deft) } catch {
        throw ValidationError(TrainOptions.message(for: error))
      }
    }
  }

  /// The `deft-sim train` options of the PEFT (`deft` false) or DEFT run: the run's
  /// configuration is parsed from them, as `sweep train` parses a point's, and they are the
  /// command line the run records.
  public func trainArguments(deft: Bool) -> [String] {
    var arguments = [
      "--task", "sst2", "--method", "lora", "--lora-targets", loraTargets, "--recipe", recipe,
      "--max-steps", "\(steps)", "--batch-size", "\(batchSize)", "--lr", "\(learningRate)",
      "--seed", "\(seed)", "--threads", "\(threads)",
    ]
    if deft && densityLoss != Self.noDensityLoss {
      arguments += ["--density-loss", densityLoss, "--density-weight", "\(densityWeight)"]
      // Only the options the loss uses, so that the run equals a sweep point that sets the same.
      switch DensityLossKind(rawValue: densityLoss) {
      case .int8: break
      case .block:
        arguments += ["--density-eps", "\(densityEps)", "--density-block", "\(densityBlock)"]
      case .tile:
        arguments += ["--density-eps", "\(densityEps)", "--density-tile", "\(densityTile)"]
      default: arguments += ["--density-eps", "\(densityEps)"]
      }
    }
    if deft && ada {
      arguments += ["--ada", "--ada-penalty", "\(adaPenalty)", "--ada-lr", "\(adaLr)"]
    }
    if let evalLimit { arguments += ["--eval-limit", "\(evalLimit)"] }
    return arguments
  }

  /// The run's training configuration, built exactly as `deft-sim train` (and each point of
  /// `deft-sim sweep train`) builds it from ``trainArguments(deft:)``.
  public func trainingConfiguration(deft: Bool) throws -> TrainingConfiguration {
    try TrainOptions.parse(trainArguments(deft: deft)).configuration()
  }

  public func run() throws {
    let hwDirectory = try HardwareDirectory.resolve(explicit: hwDir)
    let configPaths = try HardwareDirectory.configFiles(in: hwDirectory)
    let cachedFront = try CachedFrontFile.load(explicit: front, searchDefault: true)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let traces: [String]
    var runs: [RunMetrics] = []
    if synthetic {
      traces = try writeSyntheticTraces()
    } else {
      let dataDirectory = try sst2DataDirectory()
      let modelDirectory = try ModelLocator.resolve(explicit: model.model)
      try printPlan(dataDirectory: dataDirectory, configs: configPaths.count)
      for (name, deft) in [("peft", false), ("deft", true)] {
        runs.append(
          try trainedRun(name: name, deft: deft, model: modelDirectory, data: dataDirectory))
      }
      traces = runs.compactMap(\.evaluation.tracePath)
      print(DemoTables.density(peft: runs[0], deft: runs[1]))
    }
    let hardware = try replaying { () throws(ReplayError) in
      try TraceReplay.loadConfigs(configPaths)
    }
    let workload = WorkloadOptions(batchSequences: batchSequences)
    let (results, twins) = try replaying { () throws(ReplayError) in
      try TraceReplay.replayWithTwins(paths: traces, configs: hardware, options: workload)
    }
    var report = ReportOutput.build(
      kind: .report,
      title: "PEFT vs DEFT on \(hardware.count) hardware configs"
        + (synthetic ? " (synthetic traces)" : ""),
      labels: ["PEFT", "DEFT"], paths: traces, configPaths: configPaths, results: results,
      pairs: [TracePair(peft: 0, deft: 1)],
      command: ["report", "--peft", traces[0], "--deft", traces[1]]
        + configPaths.flatMap { ["--hw", $0] } + ["--out", reportDirectory]
        + (cachedFront.flatMap(\.sourceArguments) ?? []), twins: twins)
    CachedFrontFile.attach(cachedFront, to: &report)
    let written = try ReportOutput.write(report, to: reportDirectory)
    print("")
    print(TerminalSummary.render(report))
    print("")
    written.forEach { print($0) }
    print(
      "Report: \(reportDirectory)/report.html (open it in a browser, e.g. "
        + "`xdg-open \(reportDirectory)/report.html`).")
  }

  /// The data directory, checked to hold SST-2; otherwise how to get it.
  private func sst2DataDirectory() throws -> String {
    do {
      let directory = try data.directory()
      _ = try DataLocator.file(
        GLUETask.sst2.relativePath(.dev), in: directory, dataset: "GLUE SST-2 dev")
      _ = try DataLocator.file(
        GLUETask.sst2.relativePath(.train), in: directory, dataset: "GLUE SST-2 train")
      return directory
    } catch {
      throw CommandFailure(
        "\(error) To see the simulator half without data, run `deft-sim demo --synthetic` "
          + "(or `make demo DEMO_ARGS=--synthetic`).")
    }
  }

  private func printPlan(dataDirectory: String, configs: Int) throws {
    let c = try trainingConfiguration(deft: true)
    print(
      """
      deft-sim demo: LoRA PEFT vs LoRA DEFT on SST-2 (\(dataDirectory)), replayed on \(configs) \
      hardware configs.
      settings: \(steps) steps per run, batch \(batchSize) drawn from the full train set, \
      lr \(learningRate), --recipe \(recipe), LoRA r = 8 on \
      \(c.peft.loraTargets.map(\.rawValue).joined(separator: ",")); DEFT \(lossSummary); evaluation on \
      \(evalLimit.map(String.init) ?? "all 872") dev sentences; seed \(seed), \(threads) threads; \
      replay in batches of \(batchSequences) sequences. About 20 minutes on 2 cores.
      override with e.g. `make demo DEMO_ARGS="--steps 2000 --no-ada --density-loss int8"` (deft-sim demo --help).
      """)
    fflush(nil)
  }

  /// `--density-loss none`: the DEFT run trains ADA-DEFT gates only.
  static let noDensityLoss = "none"

  /// The DEFT settings in words, for the plan.
  private var lossSummary: String {
    guard ada else { return densityLossSummary }
    let gates = "ADA-DEFT gates (penalty \(adaPenalty), gate lr \(adaLr))"
    return densityLoss == Self.noDensityLoss ? gates : densityLossSummary + " + " + gates
  }

  private var densityLossSummary: String {
    let lambda = "λ = \(densityWeight)"
    switch DensityLossKind(rawValue: densityLoss) {
    case .int8: return "int8 loss, \(lambda) (ε follows each layer's int8 step)"
    case .block: return "block loss, g = \(densityBlock), \(lambda), ε = \(densityEps)"
    case .tile: return "tile loss, t = \(densityTile), \(lambda), ε = \(densityEps)"
    default: return "element loss, \(lambda), ε = \(densityEps)"
    }
  }

  /// Trains one run, or reuses a finished one with the same settings.
  private func trainedRun(name: String, deft: Bool, model: String, data: String) throws
    -> RunMetrics
  {
    let directory = out + "/" + name
    let c = try trainingConfiguration(deft: deft)
    if !fresh,
      let previous = try? JSONDecoder().decode(
        RunMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/metrics.json"))),
      previous.configuration == c, let trace = previous.evaluation.tracePath,
      FileManager.default.fileExists(atPath: trace)
    {
      print("\(name.uppercased()): reusing the finished run in \(directory) (--fresh retrains)")
      return previous
    }
    print("\n\(name.uppercased()): training\(deft ? " with \(lossSummary)" : "")")
    // As `sweep train` runs a point (evaluation defaults, checkpoint cadence), so the trace and
    // metrics equal the sweep point's with the same settings.
    let request = TrainingRunRequest(
      configuration: c, modelDirectory: model, dataDirectory: data, runDirectory: directory,
      overwrite: true, evaluation: try EvaluationFlags.parse([]).options(threads: c.threads),
      checkpointEvery: 500, toolVersion: ToolVersion.current,
      commandLine: RunProvenance.command(
        ["deft-sim", "train"] + trainArguments(deft: deft) + ["--out", directory]))
    guard let metrics = try TrainingConsole.train(request, label: name) else {
      throw CommandFailure("\(name) run stopped early")
    }
    TrainingConsole.printSummary(metrics, runDirectory: directory)
    return metrics
  }

  /// Synthetic PEFT (int8-visible density 0.75) and DEFT (0.25, block-correlated) traces shaped
  /// like an SST-2 dev evaluation of all-MiniLM-L6-v2, labelled with method.md's PyTorch accuracies.
  private func writeSyntheticTraces() throws -> [String] {
    print(
      "deft-sim demo --synthetic: replaying synthetic traces (872 sequences of 10-40 tokens, "
        + "6 layers x 1536 units; PEFT density 0.75, DEFT 0.25 with block correlation), no training."
    )
    var paths: [String] = []
    for (name, density, correlation, accuracy, deft) in [
      ("peft", 0.75, 0.0, 89.56, false), ("deft", 0.25, 0.5, 86.70, true),
    ] {
      let spec = SyntheticTraceSpec(
        model: ModelDimensions(
          name: "synthetic all-MiniLM-L6-v2 shape", layers: 6, hidden: 384, intermediate: 1536,
          heads: 12),
        sequences: 872, tokenCounts: 10...40, density: density, blockCorrelation: correlation,
        blockSize: 4, storesValues: false, seed: seed)
      let trace = SyntheticTrace(spec)
      var header = trace.header(
        toolVersion: ToolVersion.current, provenance: ["command": "deft-sim demo --synthetic"])
      header.peft.method = "lora"
      header.deft.enabled = deft
      header.task = TaskDescription(
        name: "sst2", split: "synthetic", metrics: ["accuracy": accuracy])
      let path = out + "/\(name)-synthetic.trace"
      let writer = try TraceWriter(path: path, header: header)
      for index in 0..<spec.sequences { try writer.append(trace.record(at: index)) }
      try writer.finish()
      paths.append(path)
    }
    return paths
  }
}
