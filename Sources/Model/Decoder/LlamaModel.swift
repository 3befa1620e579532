/// A Llama-family model loaded from a GGUF file (or a Hugging Face directory, `LlamaDirectory`):
/// configuration, tokenizer, chat template and the decoder.
public struct LlamaModel: Sendable {
  public let path: String
  public let config: LlamaConfig
  public let tokenizer: ByteLevelBPETokenizer
  public let chatTemplate: ChatTemplate
  public var decoder: LlamaDecoder

  /// Loads the model; `storage` keeps the linear weights 4-bit as in the file (default) or
  /// dequantises them to Float32 once.
  public init(path: String, storage: DecoderMatrix.Storage = .quantized) throws(GGUFError) {
    let gguf = try GGUFFile(path: path)
    try self.init(gguf: gguf, storage: storage)
  }

  public init(gguf: GGUFFile, storage: DecoderMatrix.Storage = .quantized) throws(GGUFError) {
    let config = try LlamaConfig(gguf: gguf)
    self.path = gguf.path
    self.config = config
    self.tokenizer = try ByteLevelBPETokenizer(gguf: gguf)
    self.chatTemplate = ChatTemplate(jinja: gguf.string("tokenizer.chat_template") ?? "")
    self.decoder = LlamaDecoder(
      config: config, weights: try LlamaWeights(gguf: gguf, config: config, storage: storage))
  }

  public init(
    path: String, config: LlamaConfig, tokenizer: ByteLevelBPETokenizer,
    chatTemplate: ChatTemplate, decoder: LlamaDecoder
  ) {
    self.path = path
    self.config = config
    self.tokenizer = tokenizer
    self.chatTemplate = chatTemplate
    self.decoder = decoder
  }

  /// Loads a GGUF file or a Hugging Face Llama directory (`LlamaDirectory`, always Float32).
  public static func load(_ path: String, storage: DecoderMatrix.Storage = .quantized) throws
    -> LlamaModel
  {
    if LlamaDirectory.isLlamaDirectory(path) { return try LlamaDirectory.load(path) }
    return try LlamaModel(path: path, storage: storage)
  }

  /// Token ids of `text`, through the chat template (one user turn and the generation prompt)
  /// when `chat` is set.
  public func encode(_ text: String, chat: Bool) -> [Int32] {
    tokenizer.encode(chat ? chatTemplate.render(user: text) : text)
  }
}

extension ByteLevelBPETokenizer {
  /// The tokenizer of a GGUF file's `tokenizer.ggml.*` metadata (model `gpt2`).
  public init(gguf: GGUFFile) throws(GGUFError) {
    let path = gguf.path
    guard gguf.string("tokenizer.ggml.model") == "gpt2" else {
      throw .metadata(
        path: path, key: "tokenizer.ggml.model",
        problem: "is '\(gguf.string("tokenizer.ggml.model") ?? "(none)")', expected 'gpt2' "
          + "(byte-level BPE)")
    }
    func strings(_ key: String) throws(GGUFError) -> [String] {
      guard let array = gguf.metadata[key]?.arrayValue else {
        throw .metadata(path: path, key: key, problem: "missing or not an array")
      }
      var out: [String] = []
      out.reserveCapacity(array.count)
      for value in array {
        guard let s = value.stringValue else {
          throw .metadata(path: path, key: key, problem: "holds a value that is not a string")
        }
        out.append(s)
      }
      return out
    }
    let tokens = try strings("tokenizer.ggml.tokens")
    let merges = try strings("tokenizer.ggml.merges")
    let types =
      gguf.metadata["tokenizer.ggml.token_type"]?.arrayValue?.map { $0.intValue ?? 1 }
      ?? []
    func id(_ key: String, default value: Int) throws(GGUFError) -> Int32 {
      let found = gguf.int(key) ?? value
      guard found >= 0, found < tokens.count else {
        throw .metadata(
          path: path, key: key, problem: "\(found) is not a token id below \(tokens.count)")
      }
      return Int32(found)
    }
    self.init(
      tokens: tokens, merges: merges, tokenTypes: types,
      bosTokenId: try id("tokenizer.ggml.bos_token_id", default: 0),
      eosTokenId: try id("tokenizer.ggml.eos_token_id", default: 0))
  }
}
