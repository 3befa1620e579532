/// A checkpoint that cannot be written, read or applied. Each case names the file and, where it
/// applies, the tensor, the byte offset, what was expected and what was found, and gives a hint.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  case writeFailed(path: String, reason: String)
  case fileUnreadable(path: String, reason: String)
  case tooSmall(path: String, bytes: Int)
  case headerLength(path: String, headerBytes: UInt64, fileBytes: Int)
  case headerJSON(path: String, reason: String)
  case badEntry(path: String, tensor: String, problem: String)
  case dataRange(
    path: String, tensor: String, begin: Int, end: Int, expectedBytes: Int, dataBytes: Int)
  case missingTensor(path: String, tensor: String, expectedShape: [Int])
  case unexpectedTensor(path: String, tensor: String, shape: [Int])
  case shapeMismatch(path: String, tensor: String, expected: [Int], found: [Int])
  /// `__metadata__.key` is missing, unreadable or out of range.
  case badMetadata(path: String, key: String, problem: String)

  public var description: String {
    switch self {
    case .writeFailed(let path, let reason):
      return "\(path): cannot write checkpoint (\(reason)). Hint: check that the output directory "
        + "exists, is writable and has free space; the previous checkpoint, if any, is unchanged."
    case .fileUnreadable(let path, let reason):
      return "\(path): cannot read checkpoint (\(reason)). Hint: check the path given to --resume."
    case .tooSmall(let path, let bytes):
      return "\(path): not a safetensors checkpoint: \(bytes) bytes, expected at least 8 (an "
        + "8-byte little-endian header length). Hint: the file is truncated."
    case .headerLength(let path, let headerBytes, let fileBytes):
      return "\(path): header length at offset 0 says \(headerBytes) bytes, but the file has "
        + "\(fileBytes) bytes. Hint: the file is truncated or not safetensors."
    case .headerJSON(let path, let reason):
      return "\(path): header at offset 8 is not a valid safetensors JSON header: \(reason)"
    case .badEntry(let path, let tensor, let problem):
      return "\(path): tensor '\(tensor)': \(problem)"
    case .dataRange(let path, let tensor, let begin, let end, let expected, let dataBytes):
      return "\(path): tensor '\(tensor)': data_offsets [\(begin), \(end)] do not fit: expected "
        + "\(expected) bytes from its shape, inside a data section of \(dataBytes) bytes with no "
        + "gaps or overlaps. Hint: the file is truncated or corrupt."
    case .missingTensor(let path, let tensor, let shape):
      return "\(path): missing tensor '\(tensor)' (expected shape \(shape)). Hint: the checkpoint "
        + "was written for another method or configuration (see its __metadata__)."
    case .unexpectedTensor(let path, let tensor, let shape):
      return "\(path): tensor '\(tensor)' \(shape) is not a trainable parameter of this model. "
        + "Hint: the checkpoint was written for another method or configuration."
    case .badMetadata(let path, let key, let problem):
      return "\(path): __metadata__.\(key): \(problem). Hint: the file was not written by "
        + "`deft-sim train` (or was edited); pass a checkpoint of a deft-sim run."
    case .shapeMismatch(let path, let tensor, let expected, let found):
      return "\(path): tensor '\(tensor)': expected shape \(expected), found \(found). Hint: the "
        + "checkpoint was written with other sizes (rank, reduction factor, prompt length, task)."
    }
  }
}
