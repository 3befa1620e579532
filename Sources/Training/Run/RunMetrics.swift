import Model

/// `metrics.json` of a run: the settings, what was trained on, how training went and the
/// evaluation (task metric, densities, trace).
public struct RunMetrics: Sendable, Codable, Equatable {
  public static let currentFormatVersion = 1

  public var formatVersion = RunMetrics.currentFormatVersion
  public var toolVersion: String
  public var configuration: TrainingConfiguration
  public var model: ModelSummary
  public var data: DataSummary
  public var training: TrainingSummary?
  public var evaluation: EvaluationResult

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
    public var resumedFromStep: Int
    public var seconds: Double
    public var secondsPerStep: Double
    /// Mean losses over the last `min(100, steps)` steps of this process.
    public var finalTaskLoss: Double
    public var finalDensityLoss: Double
    /// Mean task loss per block of `lossCurveStride` steps.
    public var lossCurve: [Double]
    public var lossCurveStride: Int
    public var peakResidentBytes: Int
  }
}
