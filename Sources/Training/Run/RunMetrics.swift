import Model

/// `metrics.json` of a run: the settings, what was trained on, how training went and the
/// evaluation (task metric, densities, trace). Everything but `measured` is a function of the
/// settings, model and data: a resumed run writes the same bytes as an uninterrupted one, and the
/// same command the same bytes twice; `measured` holds what this process timed and how it ran.
public struct RunMetrics: Sendable, Codable, Equatable {
  public static let currentFormatVersion = 2

  public var formatVersion = RunMetrics.currentFormatVersion
  public var toolVersion: String
  public var configuration: TrainingConfiguration
  public var model: ModelSummary
  public var data: DataSummary
  public var training: TrainingSummary?
  public var evaluation: EvaluationResult
  public var measured: Measured

  public init(
    toolVersion: String, configuration: TrainingConfiguration, model: ModelSummary,
    data: DataSummary, training: TrainingSummary?, evaluation: EvaluationResult,
    measured: Measured
  ) {
    self.toolVersion = toolVersion
    self.configuration = configuration
    self.model = model
    self.data = data
    self.training = training
    self.evaluation = evaluation
    self.measured = measured
  }

  public struct ModelSummary: Sendable, Codable, Equatable {
    public var directory: String
    public var name: String
    public var layers: Int
    public var hidden: Int
    public var intermediate: Int
    public var heads: Int
    public var trainableParameters: Int
    public var frozenParameters: Int
    /// Bytes of the frozen encoder weights as stored (NF4 for QLoRA).
    public var frozenWeightBytes: Int
  }

  public struct DataSummary: Sendable, Codable, Equatable {
    public var trainSource: String
    public var trainExamples: Int
    public var evaluationSource: String
    public var evaluationExamples: Int
  }

  public struct TrainingSummary: Sendable, Codable, Equatable {
    public var steps: Int
    /// Mean losses over the last `min(100, steps)` steps of the run (resumed runs included:
    /// the checkpoint carries every step's losses).
    public var finalTaskLoss: Double
    public var finalDensityLoss: Double
    /// Mean task loss per block of `lossCurveStride` steps, over the whole run.
    public var lossCurve: [Double]
    public var lossCurveStride: Int

    /// The summary of a run whose steps had these losses.
    public init(losses: LossHistory) {
      let count = losses.task.count
      let recent = min(100, count)
      let stride = max(1, count / 50)
      steps = count
      finalTaskLoss = Self.mean(losses.task.suffix(recent))
      finalDensityLoss = Self.mean(losses.density.suffix(recent))
      lossCurve = Swift.stride(from: 0, to: count, by: stride).map {
        Self.mean(losses.task[$0..<min(count, $0 + stride)])
      }
      lossCurveStride = stride
    }

    static func mean<C: Collection>(_ values: C) -> Double where C.Element == Double {
      values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
  }

  /// What this process measured and how it ran: differs between runs of the same command, and
  /// between an uninterrupted and a resumed run. Compare runs without it.
  public struct Measured: Sendable, Codable, Equatable {
    /// Wall seconds of the training steps this process ran (0 for `eval`).
    public var trainingSeconds: Double
    /// `trainingSeconds` per step this process ran (0 when it ran none).
    public var secondsPerStep: Double
    /// The step this process resumed from (0: started fresh; nil for `eval`).
    public var resumedFromStep: Int?
    /// Wall seconds of the final evaluation (metrics, densities and trace).
    public var evaluationSeconds: Double
    /// Peak resident memory of the process.
    public var peakResidentBytes: Int

    public init(
      trainingSeconds: Double = 0, secondsPerStep: Double = 0, resumedFromStep: Int? = nil,
      evaluationSeconds: Double, peakResidentBytes: Int
    ) {
      self.trainingSeconds = trainingSeconds
      self.secondsPerStep = secondsPerStep
      self.resumedFromStep = resumedFromStep
      self.evaluationSeconds = evaluationSeconds
      self.peakResidentBytes = peakResidentBytes
    }
  }
}
