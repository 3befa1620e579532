/// Llama weights from a Hugging Face `model.safetensors` (Float32 in memory whatever the file's
/// float type), with the query and key rows permuted from Hugging Face's rotate-half order to
/// GGUF's pair order (see `LlamaDirectory`).
extension LlamaWeights {
  init(layers: [Layer], embedding: DecoderMatrix, outputNorm: [Float]) {
    self.layers = layers
    self.embedding = embedding
    self.outputNorm = outputNorm
    self.storage = .float32
  }

  init(safetensors file: SafeTensorsFile, config c: LlamaConfig, tied: Bool)
    throws(LlamaDirectoryError)
  {
    func values(_ name: String, _ shape: [Int]) throws(LlamaDirectoryError) -> [Float] {
      guard let entry = file.entries[name] else {
        throw .missingTensor(path: file.path, tensor: name, tensorCount: file.entries.count)
      }
      guard entry.shape == shape else {
        throw .shape(path: file.path, tensor: name, expected: shape, found: entry.shape)
      }
      do { return try file.tensor(name, expectedShape: shape).scalars } catch {
        throw .safetensors(error)
      }
    }
    func matrix(_ name: String, _ rows: Int, _ columns: Int, ropeHeads: Int? = nil)
      throws(LlamaDirectoryError) -> DecoderMatrix
    {
      var w = try values(name, [rows, columns])
      if let ropeHeads {
        w = Self.pairOrder(w, heads: ropeHeads, headDim: c.headDim, columns: columns)
      }
      return DecoderMatrix(dense: w, rows: rows, columns: columns)
    }
    if file.entries["lm_head.weight"] != nil && !tied {
      throw .config(
        path: file.path, key: "lm_head.weight",
        problem: "an untied LM head is not supported (this decoder ties it to embed_tokens; "
          + "config.json tie_word_embeddings is false)")
    }
    let embedding = try matrix("model.embed_tokens.weight", c.vocabularySize, c.hidden)
    let outputNorm = try values("model.norm.weight", [c.hidden])
    var layers: [Layer] = []
    for i in 0..<c.layers {
      let p = "model.layers.\(i)."
      layers.append(
        Layer(
          attentionNorm: try values(p + "input_layernorm.weight", [c.hidden]),
          query: try matrix(p + "self_attn.q_proj.weight", c.hidden, c.hidden, ropeHeads: c.heads),
          key: try matrix(p + "self_attn.k_proj.weight", c.kvDim, c.hidden, ropeHeads: c.kvHeads),
          value: try matrix(p + "self_attn.v_proj.weight", c.kvDim, c.hidden),
          output: try matrix(p + "self_attn.o_proj.weight", c.hidden, c.hidden),
          mlpNorm: try values(p + "post_attention_layernorm.weight", [c.hidden]),
          gate: try matrix(p + "mlp.gate_proj.weight", c.intermediate, c.hidden),
          up: try matrix(p + "mlp.up_proj.weight", c.intermediate, c.hidden),
          down: try matrix(p + "mlp.down_proj.weight", c.hidden, c.intermediate)))
    }
    self.init(layers: layers, embedding: embedding, outputNorm: outputNorm)
  }

  /// Rows of a query or key weight `[heads·d × columns]` from rotate-half order (Hugging Face)
  /// to pair order (GGUF): out row `h·d + 2i + j` = in row `h·d + j·d/2 + i`.
  public static func pairOrder(_ w: [Float], heads: Int, headDim d: Int, columns: Int) -> [Float] {
    var out = [Float](repeating: 0, count: w.count)
    for h in 0..<heads {
      for i in 0..<(d / 2) {
        for j in 0..<2 {
          let to = (h * d + 2 * i + j) * columns
          let from = (h * d + j * d / 2 + i) * columns
          for k in 0..<columns { out[to + k] = w[from + k] }
        }
      }
    }
    return out
  }
}
