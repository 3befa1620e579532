import Model
import TraceFormat

/// Why a training or evaluation run could not proceed. Each case carries the underlying typed
/// error (which names file, key, offset, expected and found) or says what and where.
public enum TrainingRunError: Error, CustomStringConvertible {
  case model(ModelError)
  case dataset(DatasetError)
  case checkpoint(CheckpointError)
  case trace(TraceError)
  case configuration([String])
  case runDirectory(path: String, reason: String)
  /// An output path (trace, metrics, predictions) that cannot be written; found before training.
  case output(path: String, reason: String)
  /// A checkpoint written for another task, method or model.
  case checkpointMismatch(path: String, key: String, expected: String, found: String)

  public var description: String {
    switch self {
    case .model(let e): return e.description
    case .dataset(let e): return e.description
    case .checkpoint(let e): return e.description
    case .trace(let e): return e.description
    case .configuration(let problems):
      return "invalid settings: " + problems.joined(separator: "; ")
    case .runDirectory(let path, let reason):
      return
        "\(path): cannot use as run directory (\(reason)). Hint: pass a writable, new --out DIR."
    case .output(let path, let reason):
      return "\(path): cannot write the output here (\(reason)). Hint: pass a writable path "
        + "(--trace-out, --metrics-out, --predictions-out); nothing was trained."
    case .checkpointMismatch(let path, let key, let expected, let found):
      return "\(path): checkpoint does not match this run: \(key) is '\(found)', expected "
        + "'\(expected)'. Hint: resume with the settings the checkpoint was written with (see "
        + "its metadata), or start a new --out directory."
    }
  }
}
