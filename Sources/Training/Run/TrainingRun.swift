import AtomicOutput
import Foundation
import Model
import TensorCore
import TraceFormat

/// One `deft-sim train` run end to end: load the model and data, train (resuming from the run's
/// checkpoint when asked), checkpoint atomically, evaluate, write the trace and `metrics.json`.
public enum TrainingRun {
  /// Returns nil when the run stopped early at `stopAfterSteps` (checkpoint written, no
  /// evaluation).
  public static func train(_ r: TrainingRunRequest, observer: TrainingObserver = TrainingObserver())
    throws(TrainingRunError) -> RunMetrics?
  {
    BLAS.setThreadCount(1)
    let c = r.configuration
    let (pretrained, task) = try load(model: r.modelDirectory, task: c.task)
    let problems = c.problems(
      hidden: pretrained.config.hiddenSize, maxPositions: pretrained.config.maxPositionEmbeddings)
    guard problems.isEmpty else { throw .configuration(problems) }
    try prepareDirectory(r.runDirectory)
    if !r.resume && !r.overwrite && FileManager.default.fileExists(atPath: r.checkpointPath) {
      throw .runDirectory(
        path: r.runDirectory,
        reason: "it already holds checkpoint.safetensors; pass --resume to continue that run or "
          + "--overwrite to start over")
    }
    // Every output must be writable before any work (not after an hour of training).
    for path in [r.checkpointPath, r.resolvedMetricsPath] + (r.resolvedTracePath.map { [$0] } ?? [])
    {
      try checkWritable(path)
    }
    let model = TaskModel(
      encoder: pretrained.encoder, task: task, configuration: c.peft, seed: c.seed,
      usePooler: c.usesPooler, recipe: c.resolvedRecipe)
    let data = try loadData(task, r.dataDirectory, pretrained.tokenizer, c)
    guard !data.train.isEmpty else {
      throw .configuration(["no training examples (check --train-limit and the train split)"])
    }
    let teacher = try c.distillation.map { d throws(TrainingRunError) in
      try loadTeacher(d, encoder: pretrained.encoder, task: task, student: c)
    }
    let trainer = Trainer(configuration: c, model: model, data: data, teacher: teacher)
    var losses = LossHistory()
    if r.resume { losses = try resume(trainer, from: r.checkpointPath, configuration: c) }
    let resumedFrom = trainer.step
    observer.started(summary(trainer, pretrained: pretrained, data: data))
    func save() throws(TrainingRunError) {
      let metadata = CheckpointMetadata.strings(
        configuration: c, modelName: pretrained.name, toolVersion: r.toolVersion, losses: losses)
      try TrainingRun.save(trainer, metadata: metadata, to: r.checkpointPath)
    }
    let start = DispatchTime.now().uptimeNanoseconds
    while !trainer.isFinished && !(r.stopAfterSteps.map { trainer.step >= $0 } ?? false) {
      let progress = trainer.trainStep()
      losses.append(task: progress.losses.task, density: progress.losses.density)
      observer.stepped(progress)
      if let every = c.evaluateEvery, trainer.step % every == 0, !trainer.isFinished {
        var quick = r.evaluation
        quick.tracePath = nil
        quick.measureDensity = false
        let result = try evaluate(model, data, quick, header: nil, observer: observer)
        observer.evaluated(trainer.step, result.metrics)
      }
      let stopping = r.stopAfterSteps.map { trainer.step >= $0 } ?? false
      if trainer.step % max(1, r.checkpointEvery) == 0 || trainer.isFinished || stopping {
        try save()
      }
      if stopping && !trainer.isFinished { return nil }
    }
    if trainer.step == resumedFrom { try save() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let evaluationStart = DispatchTime.now().uptimeNanoseconds
    let evaluation = try finalEvaluation(
      model, data, c, options: r.evaluation, tracePath: r.resolvedTracePath,
      modelName: pretrained.name, toolVersion: r.toolVersion,
      provenance: [
        "command": r.commandLine, "model_directory": r.modelDirectory, "train": data.trainSource,
        "checkpoint": r.checkpointPath, "steps": String(trainer.step),
      ], observer: observer)
    let stepsRun = trainer.step - resumedFrom
    let metrics = RunMetrics(
      toolVersion: r.toolVersion, configuration: c,
      model: modelSummary(pretrained, model: model, directory: r.modelDirectory),
      data: RunMetrics.DataSummary(
        trainSource: data.trainSource, trainExamples: data.train.count,
        evaluationSource: data.evaluationSource, evaluationExamples: data.evaluation.count),
      training: RunMetrics.TrainingSummary(losses: losses), evaluation: evaluation,
      measured: RunMetrics.Measured(
        trainingSeconds: seconds, secondsPerStep: stepsRun > 0 ? seconds / Double(stepsRun) : 0,
        resumedFromStep: resumedFrom,
        evaluationSeconds: Double(DispatchTime.now().uptimeNanoseconds - evaluationStart) / 1e9,
        peakResidentBytes: ProcessMemory.peakResidentBytes()))
    try writeMetrics(metrics, to: r.resolvedMetricsPath)
    return metrics
  }

  // MARK: - Pieces shared with `evaluate`

  static func load(model directory: String, task name: String) throws(TrainingRunError) -> (
    PretrainedModel, TrainingTask
  ) {
    let task: TrainingTask
    do throws(DatasetError) { task = try TrainingTask(parsing: name) } catch {
      throw .dataset(error)
    }
    do throws(ModelError) {
      return (try PretrainedModel(directory: directory), task)
    } catch { throw .model(error) }
  }

  static func loadData(
    _ task: TrainingTask, _ dataDirectory: String, _ tokenizer: WordPieceTokenizer,
    _ c: TrainingConfiguration
  ) throws(TrainingRunError) -> TaskData {
    do throws(DatasetError) {
      return try TaskData.load(
        task, dataDirectory: dataDirectory, tokenizer: tokenizer,
        options: TaskData.Options(
          maxLength: c.maxLength, docStride: c.docStride, trainLimit: c.trainLimit,
          evaluationLimit: c.evaluationLimit, trainFromDevFraction: c.trainFromDevFraction,
          seed: c.seed))
    } catch { throw .dataset(error) }
  }

  static func evaluate(
    _ model: TaskModel, _ data: TaskData, _ options: EvaluationOptions,
    header: ((ZeroDefinition, TaskMetrics, [Int]) -> TraceHeader)?, observer: TrainingObserver
  ) throws(TrainingRunError) -> EvaluationResult {
    let evaluator = Evaluator(model: model, data: data, options: options)
    let skipped = model.peft.skippedLayers(threshold: options.skipThreshold)
    do throws(TraceError) {
      return try evaluator.run(
        header: { zero, metrics in
          guard let header else { preconditionFailure("trace requested without a header") }
          return header(zero, metrics, skipped)
        }, progress: observer.evaluating)
    } catch { throw .trace(error) }
  }

  /// The evaluation that ends a run or `eval`: ADA-DEFT's skip threshold from the settings
  /// unless given, and the trace header of the run.
  static func finalEvaluation(
    _ model: TaskModel, _ data: TaskData, _ c: TrainingConfiguration,
    options given: EvaluationOptions,
    tracePath: String?, modelName: String, toolVersion: String, provenance: [String: String],
    observer: TrainingObserver
  ) throws(TrainingRunError) -> EvaluationResult {
    var options = given
    options.tracePath = tracePath
    if c.peft.ada != nil && options.skipThreshold == nil {
      options.skipThreshold = c.peft.ada?.skipThreshold
    }
    return try evaluate(
      model, data, options,
      header: { zero, metrics, skipped in
        TraceHeader(
          run: c, model: model, modelName: modelName, zeroDefinition: zero, metrics: metrics,
          evaluationSplit: data.evaluationSource, skippedLayers: skipped, toolVersion: toolVersion,
          provenance: provenance)
      }, observer: observer)
  }

  static func prepareDirectory(_ path: String) throws(TrainingRunError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .runDirectory(path: path, reason: error.localizedDescription)
    }
    guard access(path, W_OK) == 0 else { throw .runDirectory(path: path, reason: "not writable") }
  }

  static func save(_ trainer: Trainer, metadata: [String: String], to path: String)
    throws(TrainingRunError)
  {
    do throws(CheckpointError) {
      try CheckpointWriter.write(trainer.checkpoint(metadata: metadata), to: path)
    } catch { throw .checkpoint(error) }
  }

  static func modelSummary(_ p: PretrainedModel, model: TaskModel, directory: String)
    -> RunMetrics.ModelSummary
  {
    let c = p.config
    let frozen = model.encoder.parameters.filter { !$0.isTrainable }
    let quantized = model.encoder.layers.flatMap(\.linears).filter { $0.quantizedWeight != nil }
    let frozenCount =
      frozen.reduce(0) { $0 + $1.value.count }
      + quantized.reduce(0) { $0 + $1.inFeatures * $1.outFeatures }
    return RunMetrics.ModelSummary(
      directory: directory, name: p.name, layers: c.numHiddenLayers, hidden: c.hiddenSize,
      intermediate: c.intermediateSize, heads: c.numAttentionHeads,
      trainableParameters: model.trainableParameterCount, frozenParameters: frozenCount,
      frozenWeightBytes: model.encoder.weightStorageBytes)
  }

  static func summary(_ t: Trainer, pretrained: PretrainedModel, data: TaskData) -> String {
    let c = t.configuration
    let model = t.model
    var lines = [
      "model: \(pretrained.name) (\(pretrained.config.numHiddenLayers) layers, hidden "
        + "\(pretrained.config.hiddenSize), intermediate \(pretrained.config.intermediateSize))",
      "task: \(c.task); train \(data.train.count) examples (\(data.trainSource)); evaluate "
        + "\(data.evaluation.count) (\(data.evaluationSource))",
      "method: \(c.peft.method.rawValue)\(describeSizes(c.peft)); "
        + (c.densityLoss.map {
          "DEFT (\(DensityLossDescription.describe($0)))"
        }
          ?? "PEFT (no density loss)")
        + (c.distillation.map {
          "; distilled from \($0.teacherCheckpoint) (w = \($0.weight), T = \($0.resolvedTemperature))"
        } ?? "")
        + (c.peft.ada.map {
          "; ADA-DEFT gates (penalty \($0.penaltyWeight), skip below \($0.skipThreshold))"
        } ?? ""),
      "trainable parameters: \(model.trainableParameterCount) (PEFT modules \(model.peft.parameters.reduce(0) { $0 + $1.value.count }), head \(model.head.parameters.reduce(0) { $0 + $1.value.count }))",
      "steps: \(t.totalSteps) (\(t.stepsPerEpoch) per epoch, batch \(c.batchSize), lr \(c.learningRate), "
        + "warm-up \(c.warmupFraction), ≤ \(c.maxLength) tokens, seed \(c.seed), \(c.threads) threads, "
        + "recipe \(c.resolvedRecipe.rawValue))",
    ]
    if c.peft.method == .qlora {
      lines.append(
        "frozen encoder weights: \(model.encoder.weightStorageBytes / 1024) KiB as stored (NF4 linear layers)"
      )
    }
    if t.step > 0 { lines.append("resuming at step \(t.step)") }
    return lines.joined(separator: "\n")
  }

  static func describeSizes(_ p: PEFTConfiguration) -> String {
    switch p.method {
    case .lora, .qlora:
      return
        " (r = \(p.loraRank), α = \(p.loraAlpha), dropout \(p.loraDropout), on \(p.loraTargets.map(\.rawValue).joined(separator: ",")))"
    case .adapter: return " (reduction factor \(p.adapterReductionFactor))"
    case .prompt: return " (\(p.promptTokens) virtual tokens)"
    case .prefix: return " (prefix length \(p.prefixLength))"
    }
  }

  static func writeMetrics(_ metrics: RunMetrics, to path: String) throws(TrainingRunError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data: Data
    do { data = try encoder.encode(metrics) } catch {
      throw .runDirectory(path: path, reason: "cannot encode metrics.json: \(error)")
    }
    do throws(FileOutputError) {
      try AtomicFile.write(Array(data) + [0x0A], to: path)
    } catch {
      throw .runDirectory(path: path, reason: "\(error.operation): \(error.reason)")
    }
  }
}
