/// The weights of a Llama decoder as `DecoderMatrix` values (`[out × in]`, the PyTorch layout;
/// GGUF stores them with `in` fastest), kept 4-bit as in the file or dequantised once. The
/// query and key projections keep GGUF's row order, which pairs adjacent dimensions for RoPE
/// (`LlamaKernels.rope` rotates pairs `(2i, 2i+1)`); attention scores equal Hugging Face's.
public struct LlamaWeights: Sendable {
  public struct Layer: Sendable {
    public var attentionNorm: [Float]
    public var query: DecoderMatrix
    public var key: DecoderMatrix
    public var value: DecoderMatrix
    public var output: DecoderMatrix
    public var mlpNorm: [Float]
    public var gate: DecoderMatrix
    public var up: DecoderMatrix
    public var down: DecoderMatrix

    var matrices: [DecoderMatrix] { [query, key, value, output, gate, up, down] }
  }

  /// `[vocabulary × hidden]`, also the LM head (tied).
  public var embedding: DecoderMatrix
  public var outputNorm: [Float]
  public var layers: [Layer]
  public let storage: DecoderMatrix.Storage

  /// Bytes held by the weights.
  public var byteCount: Int {
    var count = embedding.byteCount + outputNorm.count * 4
    for layer in layers {
      count += (layer.attentionNorm.count + layer.mlpNorm.count) * 4
      count += layer.matrices.reduce(0) { $0 + $1.byteCount }
    }
    return count
  }

  public init(gguf: GGUFFile, config c: LlamaConfig, storage: DecoderMatrix.Storage)
    throws(GGUFError)
  {
    self.storage = storage
    func matrix(_ name: String, _ rows: Int, _ columns: Int) throws(GGUFError) -> DecoderMatrix {
      try DecoderMatrix(gguf: gguf, name: name, rows: rows, columns: columns, storage: storage)
    }
    embedding = try matrix("token_embd.weight", c.vocabularySize, c.hidden)
    outputNorm = try gguf.floats("output_norm.weight", expected: [c.hidden])
    if gguf.tensors["output.weight"] != nil {
      throw .metadata(
        path: gguf.path, key: "output.weight",
        problem: "an untied LM head is not supported (this decoder ties it to token_embd)")
    }
    var layers: [Layer] = []
    for i in 0..<c.layers {
      let p = "blk.\(i)."
      layers.append(
        Layer(
          attentionNorm: try gguf.floats(p + "attn_norm.weight", expected: [c.hidden]),
          query: try matrix(p + "attn_q.weight", c.hidden, c.hidden),
          key: try matrix(p + "attn_k.weight", c.kvDim, c.hidden),
          value: try matrix(p + "attn_v.weight", c.kvDim, c.hidden),
          output: try matrix(p + "attn_output.weight", c.hidden, c.hidden),
          mlpNorm: try gguf.floats(p + "ffn_norm.weight", expected: [c.hidden]),
          gate: try matrix(p + "ffn_gate.weight", c.intermediate, c.hidden),
          up: try matrix(p + "ffn_up.weight", c.intermediate, c.hidden),
          down: try matrix(p + "ffn_down.weight", c.hidden, c.intermediate)))
    }
    self.layers = layers
  }
}
