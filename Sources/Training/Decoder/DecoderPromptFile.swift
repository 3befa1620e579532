import Model
import TensorCore

/// A decoder's trained soft prompt on disk (RUN/prompt.safetensors of `deft-sim train --model
/// smollm2 --method prompt`): one F32 tensor `soft_prompt` `[count × hidden]`, the method and
/// the token ids it was initialised from in the metadata; written atomically, read back by
/// `deft-sim eval --model smollm2 --soft-prompt FILE`.
public enum DecoderPromptFile {
  public static let tensorName = "soft_prompt"

  public static func write(_ prompt: DecoderSoftPrompt, to path: String) throws {
    let tensor = Tensor(shape: [prompt.count, prompt.hidden], scalars: prompt.vectors)
    let metadata = [
      "method": "prompt",
      "initial_tokens": prompt.initialTokens.map(String.init).joined(separator: ","),
    ]
    try CheckpointWriter.write(
      CheckpointFile(tensors: [(name: tensorName, tensor: tensor)], metadata: metadata),
      to: path)
  }

  /// The soft prompt in `path`; its rows must have the model's `hidden` values and their count
  /// be in `DecoderSoftPrompt.countLimit` (checked before the vectors are used).
  public static func read(path: String, hidden: Int) throws(CheckpointError) -> DecoderSoftPrompt {
    let file = try CheckpointFile.read(path: path)
    guard let tensor = file[tensorName] else {
      throw .missingTensor(path: path, tensor: tensorName, expectedShape: [-1, hidden])
    }
    let limit = DecoderSoftPrompt.countLimit
    guard tensor.shape.count == 2, limit.contains(tensor.shape[0]), tensor.shape[1] == hidden
    else {
      throw .badEntry(
        path: path, tensor: tensorName,
        problem: "shape \(tensor.shape), expected [count, \(hidden)] with count in \(limit) and "
          + "\(hidden) the model's hidden size (hint: a prompt.safetensors of `deft-sim train "
          + "--model smollm2 --method prompt` for this model)")
    }
    let tokens = (file.metadata["initial_tokens"] ?? "").split(separator: ",").compactMap {
      Int32($0)
    }
    return DecoderSoftPrompt(vectors: tensor.scalars, hidden: hidden, initialTokens: tokens)
  }

  /// The soft prompt's entries of a run's metrics.json.
  public static func metricsEntries(_ prompt: DecoderSoftPrompt) -> [String: Any] {
    ["prompt_tokens": prompt.count, "prompt_initial_tokens": prompt.initialTokens.map(Int.init)]
  }
}
