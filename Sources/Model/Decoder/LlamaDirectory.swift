import Foundation

/// A Hugging Face Llama-family directory: `config.json` (`model_type` `llama`),
/// `model.safetensors` (F32, F16 or BF16), `tokenizer.json` (byte-level BPE: vocabulary, merges,
/// added tokens) and the chat template of `tokenizer_config.json` or `chat_template.jinja` if
/// present (else SmolLM2's ChatML template without a system turn).
///
/// Hugging Face keeps the query and key rows in rotate-half order (RoPE pairs dimensions i and
/// i + d/2 of each head); the decoder keeps GGUF's order (pairs 2i and 2i + 1, as llama.cpp's
/// conversion permutes them), so the loader applies that permutation: GGUF row `h·d + 2i + j` is
/// Hugging Face row `h·d + j·d/2 + i`.
public enum LlamaDirectory {
  /// Whether `path` is a directory whose config.json says `model_type` `llama`.
  public static func isLlamaDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path + "/config.json"),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return false }
    return object["model_type"] as? String == "llama"
  }

  /// Loads the directory as a Float32 `LlamaModel`.
  public static func load(_ directory: String) throws(LlamaDirectoryError) -> LlamaModel {
    let configPath = directory + "/config.json"
    let json = try readObject(configPath, directory: directory, file: "config.json")
    let config = try LlamaConfig(json: json, path: configPath)
    let tied = json["tie_word_embeddings"] as? Bool ?? false
    let weightsPath = directory + "/model.safetensors"
    guard FileManager.default.fileExists(atPath: weightsPath) else {
      let sharded = FileManager.default.fileExists(
        atPath: directory + "/model.safetensors.index.json")
      throw .missingFile(
        directory: directory, file: "model.safetensors",
        hint: sharded
          ? "sharded checkpoints are not supported; save with a larger max_shard_size"
          : "save the model with save_pretrained(dir, safe_serialization=True)")
    }
    let file: SafeTensorsFile
    do { file = try SafeTensorsFile(path: weightsPath) } catch { throw .safetensors(error) }
    let weights = try LlamaWeights(safetensors: file, config: config, tied: tied)
    let tokenizerPath = directory + "/tokenizer.json"
    let tokenizerJSON = try readObject(tokenizerPath, directory: directory, file: "tokenizer.json")
    let tokenizerConfig = try? readObject(
      directory + "/tokenizer_config.json", directory: directory, file: "tokenizer_config.json")
    let tokenizer = try ByteLevelBPETokenizer(
      tokenizerJSON: tokenizerJSON, path: tokenizerPath, tokenizerConfig: tokenizerConfig ?? [:],
      configJSON: json, vocabularySize: config.vocabularySize)
    var template = tokenizerConfig?["chat_template"] as? String
    if template == nil,
      let data = FileManager.default.contents(atPath: directory + "/chat_template.jinja")
    {
      template = String(decoding: data, as: UTF8.self)
    }
    return LlamaModel(
      path: directory, config: config, tokenizer: tokenizer,
      chatTemplate: template.map { ChatTemplate(jinja: $0) } ?? ChatTemplate(defaultSystem: nil),
      decoder: LlamaDecoder(config: config, weights: weights))
  }

  static func readObject(
    _ path: String, directory: String, file: String
  ) throws(LlamaDirectoryError) -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .missingFile(
        directory: directory, file: file,
        hint: "a Hugging Face Llama directory has config.json, model.safetensors and "
          + "tokenizer.json")
    }
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: data) } catch {
      throw .unreadable(path: path, reason: "not valid JSON: \(error.localizedDescription)")
    }
    guard let dictionary = object as? [String: Any] else {
      throw .unreadable(path: path, reason: "the top level is not a JSON object")
    }
    return dictionary
  }
}

extension LlamaConfig {
  /// The shape from a Hugging Face `config.json` (`LlamaForCausalLM`).
  init(json: [String: Any], path: String) throws(LlamaDirectoryError) {
    let modelType = json["model_type"] as? String ?? "(none)"
    guard modelType == "llama" else {
      throw .config(path: path, key: "model_type", problem: "is '\(modelType)', expected 'llama'")
    }
    func int(_ key: String, _ range: ClosedRange<Int>, default value: Int? = nil)
      throws(LlamaDirectoryError) -> Int
    {
      guard let found = (json[key] as? NSNumber)?.intValue ?? value else {
        throw .config(path: path, key: key, problem: "missing or not an integer")
      }
      guard range.contains(found) else {
        throw .config(path: path, key: key, problem: "\(found) is outside \(range)")
      }
      return found
    }
    let rope = json["rope_parameters"] as? [String: Any]
    let theta =
      (json["rope_theta"] as? NSNumber ?? rope?["rope_theta"] as? NSNumber)?
      .doubleValue ?? 10000
    let ropeType = (json["rope_scaling"] as? [String: Any] ?? rope)?["rope_type"] as? String
    guard ropeType == nil || ropeType == "default" else {
      throw .config(
        path: path, key: "rope_scaling",
        problem: "rope_type '\(ropeType ?? "")' is not supported (plain RoPE only)")
    }
    let epsilon = (json["rms_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-6
    guard theta.isFinite, theta > 0, epsilon.isFinite, epsilon > 0 else {
      throw .config(
        path: path, key: "rope_theta", problem: "rope_theta and rms_norm_eps must be > 0")
    }
    let activation = json["hidden_act"] as? String ?? "silu"
    guard activation == "silu" else {
      throw .config(path: path, key: "hidden_act", problem: "is '\(activation)', expected 'silu'")
    }
    let heads = try int("num_attention_heads", 1...1024)
    self.init(
      layers: try int("num_hidden_layers", 1...Self.maxLayers),
      hidden: try int("hidden_size", 1...Self.maxWidth),
      intermediate: try int("intermediate_size", 1...Self.maxWidth * 4),
      heads: heads, kvHeads: try int("num_key_value_heads", 1...1024, default: heads),
      vocabularySize: try int("vocab_size", 1...Self.maxVocabulary),
      contextLength: try int("max_position_embeddings", 1...(1 << 24), default: 2048),
      ropeTheta: theta, rmsEpsilon: epsilon)
    guard hidden % heads == 0, heads % kvHeads == 0, headDim % 2 == 0 else {
      throw .config(
        path: path, key: "num_attention_heads",
        problem: "\(heads) heads and \(kvHeads) KV heads do not divide hidden_size \(hidden) "
          + "into even head dimensions")
    }
    if let explicit = (json["head_dim"] as? NSNumber)?.intValue, explicit != headDim {
      throw .config(
        path: path, key: "head_dim",
        problem: "\(explicit) differs from hidden_size / num_attention_heads = \(headDim)")
    }
  }
}
