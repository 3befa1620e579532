/// The weights of a Llama decoder, dequantised once to Float32 at load (row-major
/// `[out × in]`, the PyTorch layout; GGUF stores them with `in` fastest). The query and key
/// projections keep GGUF's row order, which pairs adjacent dimensions for RoPE
/// (`LlamaRoPE` rotates pairs `(2i, 2i+1)`); attention scores equal Hugging Face's.
public struct LlamaWeights: Sendable {
  public struct Layer: Sendable {
    public var attentionNorm: [Float]
    public var query: [Float]
    public var key: [Float]
    public var value: [Float]
    public var output: [Float]
    public var mlpNorm: [Float]
    public var gate: [Float]
    public var up: [Float]
    public var down: [Float]
  }

  /// `[vocabulary × hidden]`, also the LM head (tied).
  public var embedding: [Float]
  public var outputNorm: [Float]
  public var layers: [Layer]

  /// Bytes held by the Float32 weights.
  public var byteCount: Int {
    var count = embedding.count + outputNorm.count
    for layer in layers {
      count += layer.attentionNorm.count + layer.query.count + layer.key.count + layer.value.count
      count += layer.output.count + layer.mlpNorm.count + layer.gate.count + layer.up.count
      count += layer.down.count
    }
    return count * 4
  }

  public init(gguf: GGUFFile, config c: LlamaConfig) throws(GGUFError) {
    embedding = try gguf.floats("token_embd.weight", expected: [c.hidden, c.vocabularySize])
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
          query: try gguf.floats(p + "attn_q.weight", expected: [c.hidden, c.hidden]),
          key: try gguf.floats(p + "attn_k.weight", expected: [c.hidden, c.kvDim]),
          value: try gguf.floats(p + "attn_v.weight", expected: [c.hidden, c.kvDim]),
          output: try gguf.floats(p + "attn_output.weight", expected: [c.hidden, c.hidden]),
          mlpNorm: try gguf.floats(p + "ffn_norm.weight", expected: [c.hidden]),
          gate: try gguf.floats(p + "ffn_gate.weight", expected: [c.hidden, c.intermediate]),
          up: try gguf.floats(p + "ffn_up.weight", expected: [c.hidden, c.intermediate]),
          down: try gguf.floats(p + "ffn_down.weight", expected: [c.intermediate, c.hidden])))
    }
    self.layers = layers
  }
}
