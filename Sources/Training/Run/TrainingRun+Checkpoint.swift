import AtomicOutput
import Foundation

extension TrainingRun {
  /// Restores `trainer` from the checkpoint at `path` after checking its metadata and that it
  /// was written by a run with the same settings; returns the losses of the steps it holds.
  static func resume(_ trainer: Trainer, from path: String, configuration c: TrainingConfiguration)
    throws(TrainingRunError) -> LossHistory
  {
    let file: CheckpointFile
    do throws(CheckpointError) { file = try CheckpointFile.read(path: path) } catch {
      throw .checkpoint(error)
    }
    let metadata = try checkpointMetadata(file, path: path)
    let saved = metadata.configuration
    for (key, expected, found) in [
      ("task", c.task, saved.task), ("method", c.peft.method.rawValue, saved.peft.method.rawValue),
      ("seed", String(c.seed), String(saved.seed)),
      ("batch size", String(c.batchSize), String(saved.batchSize)),
      ("max length", String(c.maxLength), String(saved.maxLength)),
      ("PEFT settings", describe(c.peft), describe(saved.peft)),
      ("density loss", describe(c.densityLoss), describe(saved.densityLoss)),
      ("recipe", c.resolvedRecipe.rawValue, saved.resolvedRecipe.rawValue),
      ("distillation", describe(c.distillation), describe(saved.distillation)),
    ] where expected != found {
      throw .checkpointMismatch(path: path, key: key, expected: expected, found: found)
    }
    guard metadata.step <= trainer.totalSteps else {
      throw .checkpointMismatch(
        path: path, key: "optimizer_step", expected: "at most this run's \(trainer.totalSteps)",
        found: String(metadata.step))
    }
    do throws(CheckpointError) { try trainer.restore(file, path: path) } catch {
      throw .checkpoint(error)
    }
    return metadata.losses ?? LossHistory()
  }

  /// The checked metadata of a checkpoint.
  static func checkpointMetadata(_ file: CheckpointFile, path: String) throws(TrainingRunError)
    -> CheckpointMetadata
  {
    do throws(CheckpointError) { return try CheckpointMetadata(file, path: path) } catch {
      throw .checkpoint(error)
    }
  }

  static func describe<T: Encodable>(_ value: T?) -> String {
    guard let value else { return "none" }
    return CheckpointMetadata.canonicalJSON(value)
  }

  /// Fails unless a file can be created beside `path` and `path` is not a directory: a partial
  /// file is created there and removed again.
  static func checkWritable(_ path: String) throws(TrainingRunError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw .output(path: path, reason: "it is a directory")
    }
    do throws(FileOutputError) {
      try PartialFile(finalPath: path).abandon()
    } catch {
      throw .output(path: path, reason: "\(error.operation): \(error.reason)")
    }
  }
}
