import Foundation

/// A sweep point with the training settings its arguments give.
public struct SweepPlan: Sendable {
  public var point: SweepPoint
  public var configuration: TrainingConfiguration

  public init(point: SweepPoint, configuration: TrainingConfiguration) {
    self.point = point
    self.configuration = configuration
  }
}

/// Where a point stands in a sweep directory.
public enum SweepPointState: Sendable, Equatable {
  /// `metrics.json` and the trace are there, written by a run with the same settings.
  case finished
  /// A checkpoint is there: the run continues from it (`--resume`).
  case partial
  case fresh
}

/// Runs the points of a sweep one after another, each as a normal run directory
/// `OUT/points/NAME/` (checkpoint, metrics.json, trace.zst). Resumable: a finished point (its
/// metrics.json written by a run with the same settings) is never re-run, an interrupted one
/// continues from its checkpoint.
public enum SweepRunner {
  public static func runDirectory(out: String, point: SweepPoint) -> String {
    out + "/points/" + point.name
  }

  /// The metrics of a finished run directory, or nil.
  public static func finishedMetrics(runDirectory: String) -> RunMetrics? {
    guard FileManager.default.fileExists(atPath: runDirectory + "/trace.zst"),
      let data = FileManager.default.contents(atPath: runDirectory + "/metrics.json")
    else { return nil }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try? decoder.decode(RunMetrics.self, from: data)
  }

  /// Settings compared to decide whether a finished run is this point (the thread count only
  /// changes summation order, so it is left out).
  static func comparable(_ c: TrainingConfiguration) -> TrainingConfiguration {
    var copy = c
    copy.threads = 1
    copy.evaluateEvery = nil
    return copy
  }

  public static func state(of plan: SweepPlan, out: String) throws(SweepError) -> SweepPointState {
    let directory = runDirectory(out: out, point: plan.point)
    if let metrics = finishedMetrics(runDirectory: directory) {
      guard comparable(metrics.configuration) == comparable(plan.configuration) else {
        throw .output(
          path: directory,
          reason:
            "holds a finished run with other settings than point '\(plan.point.name)' of this spec; "
            + "remove it or use another --out")
      }
      return .finished
    }
    return FileManager.default.fileExists(atPath: directory + "/checkpoint.safetensors")
      ? .partial : .fresh
  }

  /// Trains every point not finished yet, in order, through `train` (given the run directory
  /// and whether to resume); returns each point's metrics, in order.
  public static func run<E: Error>(
    _ plans: [SweepPlan], out: String,
    train: (SweepPlan, _ runDirectory: String, _ resume: Bool) throws(E) -> RunMetrics?,
    log: (String) -> Void
  ) throws -> [RunMetrics] {
    var results: [RunMetrics] = []
    for (i, plan) in plans.enumerated() {
      let directory = runDirectory(out: out, point: plan.point)
      let label = "[\(i + 1)/\(plans.count)] \(plan.point.name)"
      switch try state(of: plan, out: out) {
      case .finished:
        log("\(label): finished, not re-run")
      case .partial:
        log("\(label): resuming from its checkpoint")
        _ = try train(plan, directory, true)
      case .fresh:
        log("\(label): training")
        _ = try train(plan, directory, false)
      }
      guard let metrics = finishedMetrics(runDirectory: directory) else {
        throw SweepError.output(
          path: directory, reason: "point '\(plan.point.name)' did not finish (no metrics.json)")
      }
      results.append(metrics)
    }
    return results
  }
}
