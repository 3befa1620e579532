import Foundation
import Model
import TensorCore

/// The state of training after a step, for progress bars and logs.
public struct TrainingProgress: Sendable {
  public var step: Int
  public var totalSteps: Int
  public var epoch: Int
  public var losses: StepLosses
  public var learningRate: Float
  public var gradientNorm: Double
  public var secondsPerStep: Double
}

/// The training loop: seeded shuffling per epoch, AdamW with a linear warm-up/decay schedule,
/// global gradient-norm clipping, dropout seeded per step. Resumable at any step: the batch order
/// of step `k` depends only on the seed and `k`.
public final class Trainer {
  public let configuration: TrainingConfiguration
  public let model: TaskModel
  public let data: TaskData
  public let optimizer: AdamW
  /// The distillation teacher (a trained model sharing the frozen encoder), when distilling.
  public let teacher: TaskModel?
  public let schedule: LinearSchedule
  public let stepsPerEpoch: Int
  public let totalSteps: Int
  public private(set) var step = 0
  /// The int8 density loss's per-layer int8 steps (max |a| / 127) from the last calibration.
  public private(set) var int8Steps: [Float]?
  private var epochOrder: (epoch: Int, order: [Int])?

  public init(
    configuration c: TrainingConfiguration, model: TaskModel, data: TaskData,
    teacher: TaskModel? = nil
  ) {
    precondition(!data.train.isEmpty, "no training examples")
    precondition(
      (c.distillation == nil) == (teacher == nil), "a teacher exactly when distilling")
    configuration = c
    self.model = model
    self.teacher = teacher
    self.data = data
    let gates = Set(model.peft.layers.compactMap { $0.gate.map { ObjectIdentifier($0.logit) } })
    let gateMultiplier = (c.peft.ada?.gateLearningRate ?? c.learningRate) / c.learningRate
    optimizer = AdamW(
      parameters: model.trainableParameters,
      configuration: AdamWConfiguration(
        weightDecay: c.weightDecay,
        noDecayNameSubstrings: c.resolvedRecipe.excludesBiasesFromDecay
          ? AdamWConfiguration.biasAndLayerNormSubstrings + ["mlp_gate"] : ["mlp_gate"]),
      learningRateMultiplier: { gates.contains(ObjectIdentifier($0)) ? gateMultiplier : 1 })
    stepsPerEpoch = (data.train.count + c.batchSize - 1) / c.batchSize
    totalSteps = c.maxSteps ?? c.epochs * stepsPerEpoch
    schedule = LinearSchedule(
      peakLearningRate: c.learningRate, totalSteps: totalSteps, warmupFraction: c.warmupFraction)
  }

  public var isFinished: Bool { step >= totalSteps }

  /// Continues from a checkpoint written by ``checkpoint(metadata:)``: parameters, optimiser
  /// state and step.
  public func restore(_ file: CheckpointFile, path: String) throws(CheckpointError) {
    try file.apply(to: model.trainableParameters, path: path)
    let saved = file.optimizerStep ?? 0
    try optimizer.restoreState(stepCount: saved, tensors: file.tensorsByName, path: path)
    step = saved
    if let text = file.metadata[Self.int8StepsKey] {
      let values = text.split(separator: ",").compactMap { Float(String($0)) }
      guard values.count == model.encoder.layers.count,
        values.allSatisfy({ $0 >= 0 && $0.isFinite })
      else {
        throw .badMetadata(
          path: path, key: Self.int8StepsKey,
          problem:
            "expected \(model.encoder.layers.count) finite non-negative numbers separated by commas"
        )
      }
      int8Steps = values
    }
  }

  /// Checkpoint metadata key of ``int8Steps`` (written only by int8 density-loss runs).
  public static let int8StepsKey = "density_int8_steps"

  /// The checkpoint of the current state (trainable parameters, AdamW moments, step).
  public func checkpoint(metadata: [String: String]) -> CheckpointFile {
    var tensors = model.trainableParameters.map { (name: $0.name, tensor: $0.value) }
    tensors += optimizer.stateTensors()
    var meta = metadata
    meta["format"] = "deft-sim-checkpoint"
    meta["optimizer_step"] = String(optimizer.stepCount)
    if let int8Steps {
      meta[Self.int8StepsKey] = int8Steps.map { "\($0)" }.joined(separator: ",")
    }
    return CheckpointFile(tensors: tensors, metadata: meta)
  }

  /// Runs one optimiser step.
  public func trainStep() -> TrainingProgress {
    precondition(!isFinished, "training already finished at step \(step)")
    let start = DispatchTime.now().uptimeNanoseconds
    let c = configuration
    let epoch = step / stepsPerEpoch
    if epochOrder?.epoch != epoch {
      epochOrder = (
        epoch, ExampleOrder.epochPermutation(count: data.train.count, seed: c.seed, epoch: epoch)
      )
    }
    let order = epochOrder?.order ?? []
    let b = step % stepsPerEpoch
    let indices = order[(b * c.batchSize)..<min(order.count, (b + 1) * c.batchSize)]
    let examples = ArraySlice(indices.map { data.train[$0] })
    optimizer.zeroGradients()
    let dropout = StepDropout(runSeed: c.seed, step: step, config: model.encoder.config)
    var density = c.densityLoss?.scheduled(atStep: step)
    if density?.weight == 0 { density = nil }
    var layerEpsilons: [Float]?
    if let d = density, d.resolvedKind == .int8 {
      if int8Steps == nil || step % d.resolvedRecalibrateEvery == 0 {
        int8Steps = model.mlpActivationMaxima(examples, dropout: dropout, threads: c.threads)
          .map { $0 / 127 }
      }
      layerEpsilons = int8Steps?.map { d.int8Epsilon(scale: $0) }
    }
    var distillation: (loss: DistillationLoss, teacherLogits: Tensor)?
    if let teacher, let d = c.distillation, d.weight > 0 {
      distillation = (d, teacher.classificationLogits(examples, threads: c.threads))
    }
    let losses = model.accumulateGradients(
      examples, dropout: dropout, densityLoss: density,
      gatePenaltyWeight: c.peft.ada?.penaltyWeight, threads: c.threads,
      layerEpsilons: layerEpsilons, distillation: distillation)
    let norm =
      c.resolvedRecipe.clipsGradients
      ? GradientClipping.clipGlobalNorm(model.trainableParameters, maxNorm: c.maxGradNorm)
      : GradientClipping.globalNorm(model.trainableParameters)
    let rate = schedule.learningRate(atStep: step)
    optimizer.step(learningRate: rate)
    step += 1
    return TrainingProgress(
      step: step, totalSteps: totalSteps, epoch: epoch, losses: losses, learningRate: rate,
      gradientNorm: norm, secondsPerStep: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    )
  }
}
