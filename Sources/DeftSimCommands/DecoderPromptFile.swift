import Model
import TensorCore
import Training

/// A decoder's trained soft prompt on disk (RUN/prompt.safetensors of `deft-sim train --model
/// smollm2 --method prompt`): one F32 tensor `soft_prompt` `[count × hidden]`, the method and
/// the token ids it was initialised from in the metadata; written atomically.
enum DecoderPromptFile {
  static func write(_ prompt: DecoderSoftPrompt, to path: String) throws {
    let tensor = Tensor(shape: [prompt.count, prompt.hidden], scalars: prompt.vectors)
    let metadata = [
      "method": "prompt",
      "initial_tokens": prompt.initialTokens.map(String.init).joined(separator: ","),
    ]
    try CheckpointWriter.write(
      CheckpointFile(tensors: [(name: "soft_prompt", tensor: tensor)], metadata: metadata),
      to: path)
  }
}
