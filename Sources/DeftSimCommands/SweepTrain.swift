import ArgumentParser
import AtomicOutput
import Foundation
import Model
import Reports
import Simulator
import Training

/// `deft-sim sweep train SPEC --out DIR`: trains a grid of PEFT/DEFT points one after another
/// (resumable), replays each point's trace on the spec's hardware configs and writes the
/// accuracy–density–speedup front (front.json, front.csv, report.html).
public struct SweepTrain: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a grid of PEFT/DEFT settings and write their accuracy–density–speedup front.",
    discussion: """
      Example: deft-sim sweep train examples/sweeps/ci-tiny.json --out runs/front-ci
      SPEC (docs/front.md) lists train options shared by every point ('base') and groups of \
      points whose list values are swept ('points'). Each point is a normal run directory \
      OUT/points/NAME (checkpoint, metrics.json, trace.zst); a finished point is never re-run, an \
      interrupted one resumes from its checkpoint. Every point is checked before anything trains. \
      Then every trace is replayed on the spec's hwconfigs and OUT/front.json, OUT/front.csv and \
      OUT/report.html are written, Pareto-optimal points marked.
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @Argument(help: "The sweep spec (JSON).") var spec: String
  @Option(help: "Sweep directory (created if missing).") var out: String
  @Option(help: "Hardware config to replay (repeatable; replaces the spec's hwconfigs).")
  var hwconfig: [String] = []
  @Option(help: "Worker threads of every point (default: the spec's, else 2).") var threads: Int?
  @Flag(help: "Check the spec and list the points without training.") var dryRun = false
  @Flag(help: "Write the front from the finished points only; train nothing.") var frontOnly =
    false

  /// The train options a point may set (long names without `--`).
  public static let allowedSettings = [
    "task", "method", "deft", "ada", "epochs", "max-steps", "batch-size", "lr", "max-length",
    "seed", "train-limit", "eval-limit", "train-from-dev", "doc-stride", "density-weight",
    "density-eps", "density-include-padding", "density-loss", "density-block", "density-tile",
    "density-recalibrate", "density-int8-factor", "lambda-warmup", "lambda-ramp", "lora-rank",
    "lora-alpha", "lora-dropout", "lora-targets", "adapter-reduction", "prompt-tokens",
    "prefix-length", "ada-penalty", "ada-threshold", "ada-lr", "weight-decay", "warmup",
    "max-grad-norm", "threads", "classifier", "recipe", "distill-from", "distill-weight",
    "distill-temperature",
  ]

  public init() {}

  public func validate() throws {
    if let threads, !TrainingConfiguration.Limits.threads.contains(threads) {
      throw ValidationError("--threads must be in \(TrainingConfiguration.Limits.threads)")
    }
    if dryRun && frontOnly { throw ValidationError("--dry-run and --front-only are exclusive") }
  }

  /// Every point with its training settings; all problems of all points at once.
  /// `{out}` in a value stands for the sweep directory (e.g. `"distill-from": "{out}/points/peft"`).
  public static func plans(_ spec: SweepSpec, threads: Int?, out: String) throws -> [SweepPlan] {
    let points: [SweepPoint]
    do throws(SweepError) { points = try spec.points() } catch {
      throw ValidationError(error.description)
    }
    var plans: [SweepPlan] = []
    var problems: [String] = []
    for point in points {
      var arguments = point.arguments.map { $0.replacingOccurrences(of: "{out}", with: out) }
      if let threads { arguments += ["--threads", String(threads)] }
      do {
        let options = try TrainOptions.parse(arguments)
        plans.append(SweepPlan(point: point, configuration: try options.configuration()))
      } catch {
        let message = TrainOptions.message(for: error)
        problems.append(
          SweepError.invalidPoint(path: spec.path, point: point.name, problem: message)
            .description)
      }
    }
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    return plans
  }

  public func run() throws {
    let parsed: SweepSpec
    do throws(SweepError) {
      parsed = try SweepSpec(path: spec, allowedSettings: Self.allowedSettings)
    } catch {
      throw ValidationError(error.description)
    }
    let plans = try Self.plans(parsed, threads: threads, out: out)
    let configPaths = hwconfig.isEmpty ? parsed.hwconfigs : hwconfig
    let configs: [HardwareConfig]
    do throws(ReplayError) { configs = try TraceReplay.loadConfigs(configPaths) } catch {
      throw ValidationError("\(spec): hwconfigs: \(error)")
    }
    for plan in plans {
      print("\(plan.point.name): \(plan.point.summary)")
    }
    if dryRun {
      print("\(plans.count) points; hardware: \(configs.map(\.name).joined(separator: ", "))")
      return
    }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let modelDirectory = try ModelLocator.resolve(explicit: model.model)
    let dataDirectory = try data.directory()
    let evaluation = try EvaluationFlags.parse([])
    var finished: [(SweepPlan, RunMetrics)] = []
    if frontOnly {
      for plan in plans {
        let directory = SweepRunner.runDirectory(out: out, point: plan.point)
        if let metrics = SweepRunner.finishedMetrics(runDirectory: directory) {
          finished.append((plan, metrics))
        } else {
          print("\(plan.point.name): not finished, left out of the front")
        }
      }
    } else {
      let metrics = try SweepRunner.run(
        plans, out: out,
        train: { plan, directory, resume throws in
          let request = TrainingRunRequest(
            configuration: plan.configuration, modelDirectory: modelDirectory,
            dataDirectory: dataDirectory, runDirectory: directory, tracePath: nil,
            writeTrace: true, metricsPath: nil, resume: resume, overwrite: false,
            evaluation: try evaluation.options(threads: plan.configuration.threads),
            checkpointEvery: 500, stopAfterSteps: nil, toolVersion: ToolVersion.current,
            commandLine: RunProvenance.command(
              ["deft-sim", "train"]
                + plan.point.arguments.map { $0.replacingOccurrences(of: "{out}", with: out) }
                + ["--out", directory]))
          return try TrainingConsole.train(request, label: plan.point.name)
        },
        log: { print($0) })
      finished = Array(zip(plans, metrics))
    }
    let report = try SweepFront.report(
      finished, out: out, configs: configs, batchSequences: parsed.batchSequences,
      references: parsed.references, spec: spec,
      command: RunProvenance.command(CommandLine.arguments))
    try SweepFront.write(report, out: out)
    print(report.text())
    print("front: \(out)/front.json, \(out)/front.csv, \(out)/report.html")
  }
}
