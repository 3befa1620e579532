/// Everything `TrainingRun` needs besides the settings.
public struct TrainingRunRequest: Sendable {
  public var configuration: TrainingConfiguration
  public var modelDirectory: String
  public var dataDirectory: String
  /// The run directory: `checkpoint.safetensors`, `metrics.json`, `trace.zst` by default.
  public var runDirectory: String
  /// Trace path (default `RUN/trace.zst`; nil with `writeTrace == false`).
  public var tracePath: String?
  public var writeTrace: Bool
  public var metricsPath: String?
  public var resume: Bool
  /// Start over in a run directory that already holds a checkpoint (otherwise refused, so a
  /// finished run is never lost by accident).
  public var overwrite: Bool
  public var evaluation: EvaluationOptions
  /// Save a checkpoint every this many steps (and at the end).
  public var checkpointEvery: Int
  /// Stop (with a checkpoint, before the final evaluation) once this many steps of the schedule
  /// are done; `resume` continues. For time-boxed jobs. Nil runs to the end.
  public var stopAfterSteps: Int?
  public var toolVersion: String
  public var commandLine: String

  public init(
    configuration: TrainingConfiguration, modelDirectory: String, dataDirectory: String,
    runDirectory: String, tracePath: String? = nil, writeTrace: Bool = true,
    metricsPath: String? = nil, resume: Bool = false, overwrite: Bool = false,
    evaluation: EvaluationOptions,
    checkpointEvery: Int = 500, stopAfterSteps: Int? = nil, toolVersion: String,
    commandLine: String
  ) {
    self.configuration = configuration
    self.modelDirectory = modelDirectory
    self.dataDirectory = dataDirectory
    self.runDirectory = runDirectory
    self.tracePath = tracePath
    self.writeTrace = writeTrace
    self.metricsPath = metricsPath
    self.resume = resume
    self.overwrite = overwrite
    self.evaluation = evaluation
    self.checkpointEvery = checkpointEvery
    self.stopAfterSteps = stopAfterSteps
    self.toolVersion = toolVersion
    self.commandLine = commandLine
  }

  public var checkpointPath: String { runDirectory + "/checkpoint.safetensors" }
  public var resolvedTracePath: String? {
    writeTrace ? (tracePath ?? runDirectory + "/trace.zst") : nil
  }
  public var resolvedMetricsPath: String { metricsPath ?? runDirectory + "/metrics.json" }
}

/// Callbacks of a run, for progress bars (libraries never print).
public struct TrainingObserver: Sendable {
  public var started: @Sendable (_ summary: String) -> Void
  public var stepped: @Sendable (TrainingProgress) -> Void
  public var evaluating: @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void
  public var evaluated: @Sendable (_ step: Int, _ metrics: TaskMetrics) -> Void

  public init(
    started: @escaping @Sendable (String) -> Void = { _ in },
    stepped: @escaping @Sendable (TrainingProgress) -> Void = { _ in },
    evaluating: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in },
    evaluated: @escaping @Sendable (Int, TaskMetrics) -> Void = { _, _ in }
  ) {
    self.started = started
    self.stepped = stepped
    self.evaluating = evaluating
    self.evaluated = evaluated
  }
}
