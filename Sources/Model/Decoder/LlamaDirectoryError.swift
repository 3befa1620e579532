/// A Hugging Face Llama-family directory that cannot be loaded: every case names the file and,
/// where it applies, the key or tensor, what was expected and what was found.
public enum LlamaDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
  case missingFile(directory: String, file: String, hint: String)
  case unreadable(path: String, reason: String)
  case config(path: String, key: String, problem: String)
  case tokenizer(path: String, key: String, problem: String)
  case missingTensor(path: String, tensor: String, tensorCount: Int)
  case shape(path: String, tensor: String, expected: [Int], found: [Int])
  case safetensors(ModelError)

  public var description: String {
    switch self {
    case .missingFile(let directory, let file, let hint):
      return "\(directory): no \(file). Hint: \(hint)"
    case .unreadable(let path, let reason):
      return "\(path): cannot read (\(reason))"
    case .config(let path, let key, let problem):
      return "\(path): key '\(key)': \(problem)"
    case .tokenizer(let path, let key, let problem):
      return "\(path): '\(key)': \(problem)"
    case .missingTensor(let path, let tensor, let count):
      return "\(path): missing tensor '\(tensor)' (the file has \(count) tensors). Hint: a "
        + "Llama checkpoint names its tensors model.layers.N.self_attn.q_proj.weight etc."
    case .shape(let path, let tensor, let expected, let found):
      return "\(path): tensor '\(tensor)' has shape \(found), expected \(expected) from config.json"
    case .safetensors(let error):
      return error.description
    }
  }
}
