import ArgumentParser
import Model
import Training

/// The settings of a training run, shared by `train`, `bench train` and `demo`.
struct TrainOptions: ParsableArguments {
  @Option(help: "Task: sst2, cola, mrpc, rte, qnli, stsb or squad.") var task = "sst2"
  @Option(
    help:
      "PEFT method: lora, qlora, adapter, prompt or prefix (decoders, --model smollm2: lora or prompt)."
  )
  var method = "lora"
  @Flag(help: "DEFT: add the density loss λ·mean(a²/(a²+ε)) over the MLP activations.")
  var deft = false
  @Flag(
    help:
      "ADA-DEFT: learnable per-layer MLP gates with an L1 penalty; gated-off blocks are skipped at evaluation."
  )
  var ada = false

  @Option(help: "Epochs over the training set.") var epochs = 2
  @Option(help: "Stop after this many optimiser steps (overrides --epochs).") var maxSteps: Int?
  @Option(help: "Sequences per batch.") var batchSize = 32
  @Option(name: .customLong("lr"), help: "Peak learning rate.") var learningRate: Float = 3e-4
  @Option(help: "Maximum tokens per sequence (default: 64, SQuAD 384).") var maxLength: Int?
  @Option(help: "Seed of initialisation, data order and dropout.") var seed: UInt64 = 0
  @Option(help: "Train on a seeded random subset of this many examples.") var trainLimit: Int?
  @Option(help: "Evaluate on the first this many examples.") var evalLimit: Int?
  @Option(
    help:
      "Train on this fraction of the dev set, evaluate on the rest (for tasks without a train split; SQuAD default 0.8)."
  )
  var trainFromDev: Double?
  @Option(help: "SQuAD: overlap (tokens) between windows of a long context.") var docStride = 128

  @Option(help: "DEFT: weight λ of the density loss.") var densityWeight: Float = 1.0
  @Option(help: "DEFT: ε of the density loss (an activation counts as zero below about √ε).")
  var densityEps: Float = 1e-7
  @Flag(
    help:
      "DEFT: average the density loss over padding too (batches padded to the longest), as the paper's code."
  )
  var densityIncludePadding = false
  @Option(
    help:
      "DEFT: what the density loss counts: element (each activation, the paper's), int8 (ε follows each layer's calibrated int8 step), block (blocks of --density-block units) or tile (each unit over tiles of --density-tile tokens). Implies --deft."
  )
  var densityLoss: String?
  @Option(help: "DEFT block loss: units per block g.") var densityBlock = 4
  @Option(help: "DEFT tile loss: tokens per tile t.") var densityTile = 16
  @Option(help: "DEFT int8 loss: re-calibrate the int8 steps every this many steps.")
  var densityRecalibrate = 50
  @Option(help: "DEFT int8 loss: √ε = this × the layer's int8 step.") var densityInt8Factor: Float =
    0.5
  @Option(help: "DEFT: λ is 0 for this many steps.") var lambdaWarmup = 0
  @Option(help: "DEFT: then λ ramps linearly to its value over this many steps.") var lambdaRamp =
    0

  @Option(
    help:
      "Distil from a finished run's logits (its directory, holding checkpoint.safetensors; same task, not QLoRA)."
  )
  var distillFrom: String?
  @Option(help: "Distillation: weight w of T²·KL(teacher ‖ student).") var distillWeight: Float = 1
  @Option(help: "Distillation: softmax temperature T.") var distillTemperature: Float = 1

  func parsedDistillation() throws -> DistillationLoss? {
    guard let distillFrom else { return nil }
    guard distillWeight >= 0, distillWeight.isFinite, distillTemperature > 0,
      distillTemperature.isFinite
    else {
      throw ValidationError("--distill-weight must be >= 0 and --distill-temperature > 0")
    }
    let path =
      distillFrom.hasSuffix(".safetensors") ? distillFrom : distillFrom + "/checkpoint.safetensors"
    return DistillationLoss(
      teacherCheckpoint: path, weight: distillWeight,
      temperature: distillTemperature == 1 ? nil : distillTemperature)
  }

  func parsedDensityLoss() throws -> DensityLoss? {
    guard deft || densityLoss != nil else { return nil }
    let kind = try densityLoss.map { name -> DensityLossKind in
      guard let k = DensityLossKind(rawValue: name) else {
        throw ValidationError(
          "--density-loss '\(name)': expected one of \(DensityLossKind.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      return k
    }
    return DensityLoss(
      weight: densityWeight, epsilon: densityEps, includePadding: densityIncludePadding,
      kind: kind == .element ? nil : kind, blockSize: kind == .block ? densityBlock : nil,
      tileTokens: kind == .tile ? densityTile : nil,
      recalibrateEvery: kind == .int8 ? densityRecalibrate : nil,
      int8Factor: kind == .int8 ? densityInt8Factor : nil,
      warmupSteps: lambdaWarmup > 0 ? lambdaWarmup : nil,
      rampSteps: lambdaRamp > 0 ? lambdaRamp : nil)
  }

  @Option(help: "LoRA rank r.") var loraRank = 8
  @Option(help: "LoRA scaling α (the update is scaled by α/r).") var loraAlpha: Float = 16
  @Option(help: "Dropout on the LoRA input (default 0.1; --recipe reference: 0).")
  var loraDropout: Float?
  @Option(
    help: "LoRA targets: comma-separated query,key,value,attention-output,mlp-up,mlp-down, or all.")
  var loraTargets = "query,value"
  @Option(help: "Adapter bottleneck: hidden / this factor.") var adapterReduction = 16
  @Option(
    help:
      "Prompt tuning: virtual tokens (decoders: soft-prompt vectors from real token embeddings, saved to RUN/prompt.safetensors)."
  )
  var promptTokens = 60
  @Option(help: "Prefix tuning: key/value prefix length per layer.") var prefixLength = 60
  @Option(help: "ADA-DEFT: weight of the L1 gate penalty.") var adaPenalty: Float = 0.05
  @Option(help: "ADA-DEFT: skip MLP blocks whose gate is below this at evaluation.")
  var adaThreshold: Float = 0.1
  @Option(
    help: "ADA-DEFT: peak learning rate of the gates (they need a larger one than the adapters).")
  var adaLr: Float = 1e-2

  @Option(help: "AdamW weight decay.") var weightDecay: Float = 0.01
  @Option(help: "Warm-up fraction of the linear schedule.") var warmup = 0.06
  @Option(help: "Clip the global gradient norm to this.") var maxGradNorm: Float = 1.0
  @Option(help: "Worker threads (data-parallel over each batch).") var threads = 2
  @Option(
    help:
      "Classification head input: pooler (BERT's dense + tanh over [CLS]) or cls ([CLS] straight into the linear layer); default pooler, --recipe reference: cls."
  )
  var classifier: String?
  @Option(
    help:
      "Training details: deft-sim (pooler head with dropout, Kaiming-uniform LoRA A, LoRA dropout, no decay on biases, clipping) or reference (the PyTorch reference of docs/method.md exactly: [CLS] + nn.Linear without dropout, Gaussian LoRA A, no LoRA dropout, decay on every tensor, no clipping)."
  )
  var recipe = "deft-sim"

  func parsedRecipe() throws -> TrainingRecipe {
    guard let r = TrainingRecipe(rawValue: recipe) else {
      throw ValidationError(
        "--recipe '\(recipe)': expected \(TrainingRecipe.allCases.map(\.rawValue).joined(separator: " or "))"
      )
    }
    return r
  }

  func parsedClassifier() throws -> ClassifierInput {
    guard let classifier else { return try parsedRecipe().defaultClassifierInput }
    guard let c = ClassifierInput(rawValue: classifier) else {
      throw ValidationError("--classifier '\(classifier)': expected pooler or cls")
    }
    return c
  }

  func peftConfiguration() throws -> PEFTConfiguration {
    guard let m = PEFTMethod(rawValue: method) else {
      throw ValidationError(
        "unknown method '\(method)' (expected one of: \(PEFTMethod.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    guard let targets = LoRATarget.parseList(loraTargets) else {
      throw ValidationError(
        "--lora-targets '\(loraTargets)': expected 'all' or a comma-separated list of "
          + LoRATarget.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let r = try parsedRecipe()
    return PEFTConfiguration(
      method: m, loraRank: loraRank, loraAlpha: loraAlpha,
      loraDropout: loraDropout ?? r.defaultLoRADropout,
      loraTargets: targets, adapterReductionFactor: adapterReduction, promptTokens: promptTokens,
      prefixLength: prefixLength,
      ada: ada
        ? ADAConfiguration(
          penaltyWeight: adaPenalty, skipThreshold: adaThreshold, gateLearningRate: adaLr) : nil,
      loraInitialization: r == .reference ? r.loraInitialization : nil)
  }

  func configuration() throws -> TrainingConfiguration {
    let parsedTask: TrainingTask
    do { parsedTask = try TrainingTask(parsing: task) } catch {
      throw ValidationError("\(error)")
    }
    guard densityEps > 0, densityWeight >= 0 else {
      throw ValidationError("--density-eps must be > 0 and --density-weight >= 0")
    }
    guard densityBlock >= 1, densityTile >= 1, densityRecalibrate >= 1, lambdaWarmup >= 0,
      lambdaRamp >= 0, densityInt8Factor > 0
    else {
      throw ValidationError(
        "--density-block, --density-tile, --density-recalibrate and --density-int8-factor must be "
          + "> 0, --lambda-warmup and --lambda-ramp >= 0")
    }
    return TrainingConfiguration(
      task: parsedTask.name, peft: try peftConfiguration(),
      densityLoss: try parsedDensityLoss(),
      epochs: epochs, maxSteps: maxSteps, batchSize: batchSize, learningRate: learningRate,
      weightDecay: weightDecay, warmupFraction: warmup, maxGradNorm: maxGradNorm,
      maxLength: maxLength ?? parsedTask.defaultMaxLength, docStride: docStride, seed: seed,
      trainLimit: trainLimit, evaluationLimit: evalLimit, trainFromDevFraction: trainFromDev,
      threads: threads, classifierInput: try parsedClassifier(),
      recipe: try parsedRecipe() == .reference ? .reference : nil,
      distillation: try parsedDistillation())
  }

  func validate() throws {
    _ = try parsedClassifier()
    if let trainLimit, trainLimit < 1 { throw ValidationError("--train-limit must be >= 1") }
    if let evalLimit, evalLimit < 1 { throw ValidationError("--eval-limit must be >= 1") }
    // Against the largest model deft-sim loads; the model's own sizes are checked once it is
    // loaded, before training (also a usage error).
    let c = try configuration()
    var problems = c.problems(
      hidden: BertConfig.Limits.hiddenSize.upperBound,
      maxPositions: BertConfig.Limits.maxPositionEmbeddings.upperBound)
    if !ada {  // checked even when unused: a typo must not pass silently
      problems +=
        ADAConfiguration(
          penaltyWeight: adaPenalty, skipThreshold: adaThreshold, gateLearningRate: adaLr
        ).problems
    }
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
  }
}

/// How the evaluation after training measures density and writes the trace.
struct EvaluationFlags: ParsableArguments {
  @Option(help: "Sequences per evaluation batch.") var evalBatchSize = 64
  @Option(
    help:
      "Zero definition of the trace: int8 (quantised with per-layer max-abs scales), exact, or threshold:τ."
  )
  var traceZero = "int8"
  @Option(help: "Bits of the quantised zero definition.") var quantizationBits = 8

  func validate() throws {
    guard EvaluationOptions.Limits.batchSize.contains(evalBatchSize) else {
      throw ValidationError(
        "--eval-batch-size must be in \(EvaluationOptions.Limits.batchSize), got \(evalBatchSize)")
    }
    _ = try options(threads: 1)
  }

  func options(threads: Int) throws -> EvaluationOptions {
    guard let zero = TraceZero(parsing: traceZero) else {
      throw ValidationError(
        "--trace-zero '\(traceZero)': expected int8, exact or threshold:τ (e.g. threshold:0.001)")
    }
    guard (2...16).contains(quantizationBits) else {
      throw ValidationError("--quantization-bits must be in 2...16")
    }
    return EvaluationOptions(
      batchSize: evalBatchSize, threads: threads, quantizationBits: quantizationBits,
      traceZero: zero)
  }
}
