import Foundation

/// A tiny random Llama (2 layers, hidden 32, 4 query and 2 KV heads of 8, MLP 48, 16 tokens)
/// written twice: as a Hugging Face directory (config.json, model.safetensors in Hugging Face's
/// rotate-half row order, tokenizer.json) and as a GGUF file whose query and key rows are permuted
/// as llama.cpp's conversion does, so both must load to the same decoder.
struct TinyLlamaDirectory {
  static let layers = 2
  static let hidden = 32
  static let heads = 4
  static let kvHeads = 2
  static let headDim = 8
  static let intermediate = 48
  static let tokens =
    ["<|im_start|>", "<|im_end|>"] + "abcdefgh".map(String.init) + ["Ġ", "Ċ", "ab", "x", "y", "z"]
  static let merges = ["a b"]

  /// Hugging Face tensors `[rows × columns]`, row-major, by name.
  var tensors: [(name: String, shape: [Int], values: [Float])] = []

  init(seed: UInt64) {
    var state = seed
    func random(_ n: Int, scale: Float = 0.3) -> [Float] {
      (0..<n).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
      }
    }
    let (h, i, kv) = (Self.hidden, Self.intermediate, Self.kvHeads * Self.headDim)
    tensors.append(
      ("model.embed_tokens.weight", [Self.tokens.count, h], random(Self.tokens.count * h)))
    for l in 0..<Self.layers {
      let p = "model.layers.\(l)."
      tensors += [
        (p + "input_layernorm.weight", [h], random(h).map { 1 + $0 }),
        (p + "self_attn.q_proj.weight", [h, h], random(h * h)),
        (p + "self_attn.k_proj.weight", [kv, h], random(kv * h)),
        (p + "self_attn.v_proj.weight", [kv, h], random(kv * h)),
        (p + "self_attn.o_proj.weight", [h, h], random(h * h)),
        (p + "post_attention_layernorm.weight", [h], random(h).map { 1 + $0 }),
        (p + "mlp.gate_proj.weight", [i, h], random(i * h)),
        (p + "mlp.up_proj.weight", [i, h], random(i * h)),
        (p + "mlp.down_proj.weight", [h, i], random(h * i)),
      ]
    }
    tensors.append(("model.norm.weight", [h], random(h).map { 1 + $0 }))
  }

  static let configJSON = """
    {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
     "hidden_size": \(hidden), "intermediate_size": \(intermediate), "num_hidden_layers": \(layers),
     "num_attention_heads": \(heads), "num_key_value_heads": \(kvHeads), "vocab_size": \(tokens.count),
     "max_position_embeddings": 64, "rms_norm_eps": 9.999999747378752e-06, "rope_theta": 100000.0,
     "tie_word_embeddings": true, "bos_token_id": 0, "eos_token_id": 1, "torch_dtype": "float32"}
    """

  static var tokenizerJSON: String {
    let vocab = tokens.enumerated().dropFirst(2).map { "\"\($1)\": \($0)" }.joined(separator: ", ")
    return """
      {"version": "1.0", "added_tokens": [
        {"id": 0, "content": "<|im_start|>", "special": true},
        {"id": 1, "content": "<|im_end|>", "special": true}],
       "model": {"type": "BPE", "vocab": {\(vocab)}, "merges": [["a", "b"]]}}
      """
  }

  /// Writes the Hugging Face directory; `omit` drops a tensor, `reshape` replaces a shape.
  func writeDirectory(
    _ directory: URL, omit: String? = nil, reshape: (String, [Int])? = nil,
    files: Set<String> = ["config.json", "model.safetensors", "tokenizer.json"]
  ) throws {
    var builder = SafeTensorsBuilder()
    for t in tensors where t.name != omit {
      if let reshape, reshape.0 == t.name {
        builder.addF32(
          t.name, shape: reshape.1, values: [Float](repeating: 0, count: reshape.1.reduce(1, *)))
      } else {
        builder.addF32(t.name, shape: t.shape, values: t.values)
      }
    }
    if files.contains("model.safetensors") {
      try builder.write(to: directory.appendingPathComponent("model.safetensors"))
    }
    if files.contains("config.json") {
      try Data(Self.configJSON.utf8).write(to: directory.appendingPathComponent("config.json"))
    }
    if files.contains("tokenizer.json") {
      try Data(Self.tokenizerJSON.utf8).write(
        to: directory.appendingPathComponent("tokenizer.json"))
    }
  }

  /// llama.cpp's permutation of query/key rows: `w.reshape(heads, 2, d/2, cols).swapaxes(1, 2)`.
  static func llamaCppPermute(_ w: [Float], heads: Int, columns: Int) -> [Float] {
    let d = w.count / columns / heads
    var out: [Float] = []
    for h in 0..<heads {
      for half in 0..<(d / 2) {
        for pair in 0..<2 {
          let row = h * d + pair * (d / 2) + half
          out += w[(row * columns)..<((row + 1) * columns)]
        }
      }
    }
    return out
  }

  /// The same weights as a GGUF file (F32 tensors, GGUF names, query/key permuted).
  func gguf() -> Data {
    var b = GGUFBuilder()
    b.metadata = [
      ("general.architecture", .string("llama")),
      ("llama.block_count", .u32(UInt32(Self.layers))),
      ("llama.embedding_length", .u32(UInt32(Self.hidden))),
      ("llama.feed_forward_length", .u32(UInt32(Self.intermediate))),
      ("llama.attention.head_count", .u32(UInt32(Self.heads))),
      ("llama.attention.head_count_kv", .u32(UInt32(Self.kvHeads))),
      ("llama.context_length", .u32(64)),
      ("llama.rope.freq_base", .f32(100000)),
      ("llama.attention.layer_norm_rms_epsilon", .f32(1e-5)),
      ("tokenizer.ggml.model", .string("gpt2")),
      ("tokenizer.ggml.tokens", .strings(Self.tokens)),
      ("tokenizer.ggml.merges", .strings(Self.merges)),
      ("tokenizer.ggml.bos_token_id", .u32(0)),
      ("tokenizer.ggml.eos_token_id", .u32(1)),
    ]
    let names = [
      "input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
      "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
      "post_attention_layernorm": "ffn_norm", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
      "mlp.down_proj": "ffn_down",
    ]
    for t in tensors {
      var name = t.name
      var values = t.values
      if name == "model.embed_tokens.weight" {
        name = "token_embd.weight"
      } else if name == "model.norm.weight" {
        name = "output_norm.weight"
      } else {
        let parts = name.dropFirst("model.layers.".count).split(separator: ".", maxSplits: 1)
        let inner = String(parts[1].dropLast(".weight".count))
        name = "blk.\(parts[0]).\(names[inner] ?? inner).weight"
        if inner == "self_attn.q_proj" {
          values = Self.llamaCppPermute(values, heads: Self.heads, columns: Self.hidden)
        } else if inner == "self_attn.k_proj" {
          values = Self.llamaCppPermute(values, heads: Self.kvHeads, columns: Self.hidden)
        }
      }
      var bytes: [UInt8] = []
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
      b.tensors.append(
        GGUFBuilder.Tensor(
          name: name, dimensions: t.shape.reversed().map(UInt64.init), type: 0, bytes: bytes))
    }
    return b.build()
  }
}
