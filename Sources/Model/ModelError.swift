/// Bad model files: every case names the file and, where it applies, the tensor, the byte offset,
/// what was expected and what was found.
public enum ModelError: Error, Equatable, CustomStringConvertible {
  case fileUnreadable(path: String, reason: String)
  case safetensorsTooSmall(path: String, bytes: Int)
  case safetensorsHeaderLength(path: String, headerBytes: UInt64, fileBytes: Int)
  case safetensorsHeaderJSON(path: String, reason: String)
  case safetensorsEntry(path: String, tensor: String, problem: String)
  case safetensorsRange(
    path: String, tensor: String, begin: Int, end: Int, expectedBytes: Int, dataBytes: Int)
  case missingTensor(path: String, tensor: String, available: [String])
  case shapeMismatch(path: String, tensor: String, expected: [Int], found: [Int])
  case config(path: String, key: String, problem: String)
  case unsupportedModelType(path: String, found: String)
  case missingVocabulary(directory: String)
  case vocabulary(path: String, line: Int, problem: String)
  case invalidUTF8(context: String, byteOffset: Int)
  case modelNotFound(searched: [String])

  public var description: String {
    switch self {
    case .fileUnreadable(let path, let reason):
      return "\(path): cannot read file (\(reason))"
    case .safetensorsTooSmall(let path, let bytes):
      return "\(path): not a safetensors file: \(bytes) bytes, expected at least 8 "
        + "(an 8-byte little-endian header length). Hint: the download may be truncated."
    case .safetensorsHeaderLength(let path, let headerBytes, let fileBytes):
      return "\(path): safetensors header length at offset 0 says \(headerBytes) bytes, but the "
        + "file has \(fileBytes) bytes. Hint: the file is truncated or not safetensors."
    case .safetensorsHeaderJSON(let path, let reason):
      return "\(path): safetensors header (offset 8) is not valid JSON: \(reason)"
    case .safetensorsEntry(let path, let tensor, let problem):
      return "\(path): tensor '\(tensor)': \(problem)"
    case .safetensorsRange(let path, let tensor, let begin, let end, let expected, let dataBytes):
      return "\(path): tensor '\(tensor)': data_offsets [\(begin), \(end)] "
        + "(\(end - begin) bytes) do not fit: expected \(expected) bytes from its dtype and shape, "
        + "within a data section of \(dataBytes) bytes. Hint: the file is truncated or corrupt."
    case .missingTensor(let path, let tensor, let available):
      let sample = available.prefix(5).joined(separator: ", ")
      return "\(path): missing tensor '\(tensor)' (file has \(available.count) tensors, e.g. "
        + "\(sample)). Hint: is this a BERT-family checkpoint?"
    case .shapeMismatch(let path, let tensor, let expected, let found):
      return "\(path): tensor '\(tensor)' has shape \(found), expected \(expected) from config.json"
    case .config(let path, let key, let problem):
      return "\(path): key '\(key)': \(problem)"
    case .unsupportedModelType(let path, let found):
      return "\(path): model_type '\(found)' is not supported; expected a BERT-family encoder "
        + "(model_type 'bert')"
    case .missingVocabulary(let directory):
      return "\(directory): no vocab.txt. Hint: a Hugging Face BERT model directory has "
        + "config.json, model.safetensors and vocab.txt"
    case .vocabulary(let path, let line, let problem):
      return line > 0 ? "\(path):\(line): \(problem)" : "\(path): \(problem)"
    case .invalidUTF8(let context, let byteOffset):
      return "\(context): invalid UTF-8 at byte offset \(byteOffset)"
    case .modelNotFound(let searched):
      return "no model found (looked in: \(searched.joined(separator: ", "))). "
        + "Hint: run `make model` to fetch the default model, or pass --model DIR "
        + "(or set DEFT_MODEL_DIR) to a Hugging Face BERT directory."
    }
  }
}
