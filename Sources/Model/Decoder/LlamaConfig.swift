/// The shape of a Llama-family decoder, read from a GGUF file's `llama.*` metadata.
public struct LlamaConfig: Sendable, Equatable {
  public var layers: Int
  public var hidden: Int
  public var intermediate: Int
  public var heads: Int
  public var kvHeads: Int
  public var headDim: Int
  public var vocabularySize: Int
  public var contextLength: Int
  public var ropeTheta: Double
  public var rmsEpsilon: Double

  public var kvDim: Int { kvHeads * headDim }

  public init(
    layers: Int, hidden: Int, intermediate: Int, heads: Int, kvHeads: Int,
    vocabularySize: Int, contextLength: Int, ropeTheta: Double, rmsEpsilon: Double
  ) {
    self.layers = layers
    self.hidden = hidden
    self.intermediate = intermediate
    self.heads = heads
    self.kvHeads = kvHeads
    self.headDim = hidden / max(heads, 1)
    self.vocabularySize = vocabularySize
    self.contextLength = contextLength
    self.ropeTheta = ropeTheta
    self.rmsEpsilon = rmsEpsilon
  }

  /// Largest sizes accepted from metadata (checked before any weight is allocated).
  static let maxLayers = 512
  static let maxWidth = 1 << 16
  static let maxVocabulary = 1 << 20

  public init(gguf: GGUFFile) throws(GGUFError) {
    let path = gguf.path
    let architecture = gguf.string("general.architecture") ?? "(none)"
    guard architecture == "llama" else {
      throw .metadata(
        path: path, key: "general.architecture",
        problem: "is '\(architecture)', expected 'llama' (a Llama-family decoder)")
    }
    func int(_ key: String, _ range: ClosedRange<Int>) throws(GGUFError) -> Int {
      guard let value = gguf.int("llama." + key) else {
        throw .metadata(path: path, key: "llama." + key, problem: "missing or not an integer")
      }
      guard range.contains(value) else {
        throw .metadata(
          path: path, key: "llama." + key, problem: "\(value) is outside \(range)")
      }
      return value
    }
    func double(_ key: String, default value: Double) throws(GGUFError) -> Double {
      guard let entry = gguf.metadata["llama." + key] else { return value }
      guard let found = entry.doubleValue, found.isFinite, found > 0 else {
        throw .metadata(path: path, key: "llama." + key, problem: "must be a positive number")
      }
      return found
    }
    let tokens = gguf.metadata["tokenizer.ggml.tokens"]?.arrayValue?.count ?? 0
    self.init(
      layers: try int("block_count", 1...Self.maxLayers),
      hidden: try int("embedding_length", 1...Self.maxWidth),
      intermediate: try int("feed_forward_length", 1...Self.maxWidth * 4),
      heads: try int("attention.head_count", 1...1024),
      kvHeads: try int("attention.head_count_kv", 1...1024),
      vocabularySize: tokens,
      contextLength: try int("context_length", 1...(1 << 24)),
      ropeTheta: try double("rope.freq_base", default: 10000),
      rmsEpsilon: try double("attention.layer_norm_rms_epsilon", default: 1e-5))
    guard hidden % heads == 0, heads % kvHeads == 0, headDim % 2 == 0 else {
      throw .metadata(
        path: path, key: "llama.attention.head_count",
        problem: "\(heads) heads and \(kvHeads) KV heads do not divide width \(hidden) into "
          + "even head dimensions")
    }
    guard (1...Self.maxVocabulary).contains(tokens) else {
      throw .metadata(
        path: path, key: "tokenizer.ggml.tokens",
        problem: "\(tokens) tokens, expected 1...\(Self.maxVocabulary)")
    }
  }
}
