import AtomicOutput
import Foundation
import Model
import TraceFormat

/// What `deft-sim eval` needs: a saved checkpoint and where to write.
public struct EvaluationRunRequest: Sendable {
  public var checkpointPath: String
  public var modelDirectory: String
  public var dataDirectory: String
  public var tracePath: String?
  public var metricsPath: String?
  /// Per-example predictions (`EvaluationPredictions.fileContents`) are written here.
  public var predictionsPath: String?
  public var evaluationLimit: Int?
  public var evaluation: EvaluationOptions
  public var toolVersion: String
  public var commandLine: String

  public init(
    checkpointPath: String, modelDirectory: String, dataDirectory: String, tracePath: String?,
    metricsPath: String?, predictionsPath: String? = nil, evaluationLimit: Int? = nil,
    evaluation: EvaluationOptions, toolVersion: String, commandLine: String
  ) {
    self.checkpointPath = checkpointPath
    self.modelDirectory = modelDirectory
    self.dataDirectory = dataDirectory
    self.tracePath = tracePath
    self.metricsPath = metricsPath
    self.predictionsPath = predictionsPath
    self.evaluationLimit = evaluationLimit
    self.evaluation = evaluation
    self.toolVersion = toolVersion
    self.commandLine = commandLine
  }
}

extension TrainingRun {
  /// Rebuilds the model a checkpoint was trained as (its settings are in the checkpoint's
  /// metadata), loads the trained parameters and evaluates: metrics, densities, trace.
  public static func evaluate(
    _ r: EvaluationRunRequest, observer: TrainingObserver = TrainingObserver()
  ) throws(TrainingRunError) -> RunMetrics {
    let file: CheckpointFile
    do throws(CheckpointError) { file = try CheckpointFile.read(path: r.checkpointPath) } catch {
      throw .checkpoint(error)
    }
    let metadata = try checkpointMetadata(file, path: r.checkpointPath)
    var c = metadata.configuration
    if let limit = r.evaluationLimit { c.evaluationLimit = limit }
    c.trainLimit = 1  // only the evaluation set is needed
    let (pretrained, task) = try load(model: r.modelDirectory, task: c.task)
    if let saved = metadata.modelName, saved != pretrained.name {
      throw .checkpointMismatch(
        path: r.checkpointPath, key: "model", expected: pretrained.name, found: saved)
    }
    let problems = c.problems(
      hidden: pretrained.config.hiddenSize, maxPositions: pretrained.config.maxPositionEmbeddings)
    guard problems.isEmpty else {
      throw .checkpoint(
        .badMetadata(
          path: r.checkpointPath, key: "configuration",
          problem: problems.joined(separator: "; ") + " (for \(pretrained.name))"))
    }
    for path in [r.tracePath, r.metricsPath, r.predictionsPath].compactMap({ $0 }) {
      try checkWritable(path)
    }
    let model = TaskModel(
      encoder: pretrained.encoder, task: task, configuration: c.peft, seed: c.seed,
      usePooler: c.usesPooler, recipe: c.resolvedRecipe)
    do throws(CheckpointError) {
      try file.apply(to: model.trainableParameters, path: r.checkpointPath)
    } catch { throw .checkpoint(error) }
    let data = try loadData(task, r.dataDirectory, pretrained.tokenizer, c)
    let start = DispatchTime.now().uptimeNanoseconds
    let evaluation = try finalEvaluation(
      model, data, c, options: r.evaluation, tracePath: r.tracePath, modelName: pretrained.name,
      toolVersion: r.toolVersion,
      provenance: [
        "command": r.commandLine, "model_directory": r.modelDirectory,
        "checkpoint": r.checkpointPath, "steps": String(metadata.step),
      ], observer: observer)
    let metrics = RunMetrics(
      toolVersion: r.toolVersion, configuration: c,
      model: modelSummary(pretrained, model: model, directory: r.modelDirectory),
      data: RunMetrics.DataSummary(
        trainSource: data.trainSource, trainExamples: 0, evaluationSource: data.evaluationSource,
        evaluationExamples: data.evaluation.count),
      training: nil, evaluation: evaluation,
      measured: RunMetrics.Measured(
        evaluationSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
        peakResidentBytes: ProcessMemory.peakResidentBytes()))
    if let path = r.metricsPath { try writeMetrics(metrics, to: path) }
    if let path = r.predictionsPath, let predictions = evaluation.predictions {
      do throws(FileOutputError) {
        try AtomicFile.write(predictions.fileContents, to: path)
      } catch {
        throw .output(path: path, reason: "\(error.operation): \(error.reason)")
      }
    }
    return metrics
  }
}
