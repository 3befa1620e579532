import Model

/// Every setting of a training run. Recorded in checkpoints (to rebuild the model for `eval` and
/// `--resume`), in `metrics.json` and, summarised, in trace headers.
public struct TrainingConfiguration: Sendable, Codable, Equatable {
  /// `sst2`, `cola`, `mrpc`, `rte`, `qnli`, `stsb` or `squad`.
  public var task: String
  public var peft: PEFTConfiguration
  /// DEFT's density loss; nil trains plain PEFT.
  public var densityLoss: DensityLoss?
  public var epochs: Int
  /// Stop after this many optimiser steps (overrides `epochs`).
  public var maxSteps: Int?
  public var batchSize: Int
  public var learningRate: Float
  public var weightDecay: Float
  public var warmupFraction: Double
  public var maxGradNorm: Float
  public var maxLength: Int
  public var docStride: Int
  public var seed: UInt64
  public var trainLimit: Int?
  public var evaluationLimit: Int?
  public var trainFromDevFraction: Double?
  /// Evaluate (metrics only) every this many steps; nil: only at the end.
  public var evaluateEvery: Int?
  public var threads: Int
  /// The classification head's input: `pooler` (BERT's dense + tanh over `[CLS]`, the default
  /// when nil) or `cls` (the `[CLS]` hidden state straight into the linear layer).
  public var classifierInput: ClassifierInput?
  /// Head, initialisation, dropout, decay and clipping details; nil: `.deftSim`.
  public var recipe: TrainingRecipe?
  /// Distillation from a finished run's logits; nil: none.
  public var distillation: DistillationLoss?

  public var resolvedRecipe: TrainingRecipe { recipe ?? .deftSim }

  public var usesPooler: Bool { (classifierInput ?? .pooler) == .pooler }

  public init(
    task: String, peft: PEFTConfiguration, densityLoss: DensityLoss? = nil, epochs: Int = 2,
    maxSteps: Int? = nil, batchSize: Int = 32, learningRate: Float = 3e-4,
    weightDecay: Float = 0.01, warmupFraction: Double = 0.06, maxGradNorm: Float = 1.0,
    maxLength: Int = 64, docStride: Int = 128, seed: UInt64 = 0, trainLimit: Int? = nil,
    evaluationLimit: Int? = nil, trainFromDevFraction: Double? = nil, evaluateEvery: Int? = nil,
    threads: Int = 2, classifierInput: ClassifierInput? = nil, recipe: TrainingRecipe? = nil,
    distillation: DistillationLoss? = nil
  ) {
    self.task = task
    self.peft = peft
    self.densityLoss = densityLoss
    self.epochs = epochs
    self.maxSteps = maxSteps
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.warmupFraction = warmupFraction
    self.maxGradNorm = maxGradNorm
    self.maxLength = maxLength
    self.docStride = docStride
    self.seed = seed
    self.trainLimit = trainLimit
    self.evaluationLimit = evaluationLimit
    self.trainFromDevFraction = trainFromDevFraction
    self.evaluateEvery = evaluateEvery
    self.threads = threads
    self.classifierInput = classifierInput
    self.recipe = recipe
    self.distillation = distillation
  }

  /// Limits of the settings that do not depend on the model (docs/hostile-input.md): values
  /// beyond them are mistakes, and they bound what a run may allocate.
  public enum Limits {
    public static let batchSize = 1...4096
    public static let threads = 1...256
    public static let epochs = 1...10_000
    public static let steps = 1...100_000_000
  }

  /// Every problem with these settings (empty when valid).
  public func problems(hidden: Int, maxPositions: Int) -> [String] {
    var out = peft.problems(hidden: hidden, maxPositions: maxPositions, maxLength: maxLength)
    if !Limits.epochs.contains(epochs) && maxSteps == nil {
      out.append("epochs must be in \(Limits.epochs), got \(epochs)")
    }
    if let maxSteps, !Limits.steps.contains(maxSteps) {
      out.append("max steps must be in \(Limits.steps), got \(maxSteps)")
    }
    if !Limits.batchSize.contains(batchSize) {
      out.append("batch size must be >= 1 and <= \(Limits.batchSize.upperBound), got \(batchSize)")
    }
    if !(learningRate > 0 && learningRate.isFinite) {
      out.append("learning rate must be finite and > 0, got \(learningRate)")
    }
    if !(weightDecay >= 0 && weightDecay.isFinite) {
      out.append("weight decay must be finite and >= 0, got \(weightDecay)")
    }
    if !(0..<1).contains(warmupFraction) {
      out.append("warm-up fraction must be in [0, 1), got \(warmupFraction)")
    }
    if !(maxGradNorm > 0 && maxGradNorm.isFinite) {
      out.append("max gradient norm must be finite and > 0, got \(maxGradNorm)")
    }
    if maxLength < 8 || maxLength > maxPositions {
      out.append("max length must be in 8...\(maxPositions), got \(maxLength)")
    }
    if let trainLimit, trainLimit < 1 { out.append("train limit must be >= 1, got \(trainLimit)") }
    if let evaluationLimit, evaluationLimit < 1 {
      out.append("evaluation limit must be >= 1, got \(evaluationLimit)")
    }
    if let f = trainFromDevFraction, !(f > 0 && f < 1) {
      out.append("--train-from-dev must be in (0, 1), got \(f)")
    }
    if let every = evaluateEvery, every < 1 {
      out.append("evaluate-every must be >= 1, got \(every)")
    }
    if let d = densityLoss { out += d.problems }
    if let d = distillation { out += d.problems }
    if !Limits.threads.contains(threads) {
      out.append("threads must be in \(Limits.threads), got \(threads)")
    }
    return out
  }
}

/// What the classification head reads.
public enum ClassifierInput: String, Sendable, Codable, CaseIterable {
  case pooler
  case cls
}
