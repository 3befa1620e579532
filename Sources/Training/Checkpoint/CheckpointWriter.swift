import AtomicOutput
import TensorCore

/// Writes checkpoints atomically (`AtomicOutput.AtomicFile`): the bytes go to a partial file in
/// the destination's directory, which is flushed (`fsync`) and then renamed over the destination.
/// A crash, kill or error at any point leaves the previous checkpoint at `path` complete and
/// unchanged; a partial file left by a killed writer is removed by the next run.
public enum CheckpointWriter {
  /// Writes `file` to `path` atomically.
  public static func write(_ file: CheckpointFile, to path: String) throws(CheckpointError) {
    do throws(FileOutputError) {
      try AtomicFile.write(file.encoded(), to: path)
    } catch {
      throw .writeFailed(path: path, reason: "\(error.operation): \(error.reason)")
    }
  }

  /// Saves the trainable ones of `parameters` (and, with `optimizer`, its state as
  /// `adamw.*` tensors and its step count as metadata `optimizer_step`) to `path`.
  public static func save(
    parameters: [Parameter], optimizer: AdamW? = nil, metadata: [String: String] = [:],
    to path: String
  ) throws(CheckpointError) {
    var tensors = parameters.filter(\.isTrainable).map { (name: $0.name, tensor: $0.value) }
    var meta = metadata
    meta["format"] = "deft-sim-checkpoint"
    if let optimizer {
      tensors += optimizer.stateTensors()
      meta["optimizer_step"] = String(optimizer.stepCount)
    }
    try write(CheckpointFile(tensors: tensors, metadata: meta), to: path)
  }
}
