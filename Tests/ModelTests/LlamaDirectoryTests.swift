import Foundation
import Model
import Testing

/// A Hugging Face Llama directory (safetensors, tokenizer.json) loads to the same decoder as the
/// same weights in a GGUF file (query/key rows permuted as llama.cpp does), and bad directories
/// give errors that name the file and the tensor.
@Suite("Llama directory (safetensors)")
struct LlamaDirectoryTests {
  @Test("same forward and tokens as the GGUF of the same weights")
  func sameAsGGUF() throws {
    let tiny = TinyLlamaDirectory(seed: 7)
    let directory = try Fixtures.temporaryDirectory("llama-dir")
    try tiny.writeDirectory(directory)
    let ggufPath = directory.appendingPathComponent("tiny.gguf").path
    try tiny.gguf().write(to: URL(fileURLWithPath: ggufPath))
    #expect(LlamaDirectory.isLlamaDirectory(directory.path))
    #expect(DecoderLocator.isDecoder(directory.path))
    let fromDirectory = try LlamaModel.load(directory.path)
    let fromGGUF = try LlamaModel.load(ggufPath)
    #expect(fromDirectory.config == fromGGUF.config)
    #expect(fromDirectory.tokenizer.encode("ab ba") == fromGGUF.tokenizer.encode("ab ba"))
    #expect(fromDirectory.tokenizer.encode("ab ba") == [12, 10, 3, 2])
    #expect(fromDirectory.tokenizer.eosTokenId == 1)
    let ids: [Int32] = [0, 12, 10, 3, 2, 5, 7, 1]
    var cacheA = LlamaKVCache(config: fromDirectory.config, capacity: ids.count)
    var cacheB = LlamaKVCache(config: fromGGUF.config, capacity: ids.count)
    let a = fromDirectory.decoder.forward(ids, cache: &cacheA)
    let b = fromGGUF.decoder.forward(ids, cache: &cacheB)
    let diff = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    #expect(diff <= 1e-6, "max |Δ hidden| \(diff)")
    // Without the permutation the attention (and so the hidden states) would differ.
    var unpermuted = fromDirectory
    let h = TinyLlamaDirectory.hidden
    for l in unpermuted.decoder.weights.layers.indices {
      let name = "model.layers.\(l).self_attn.q_proj.weight"
      let raw = tiny.tensors.first { $0.name == name }?.values ?? []
      unpermuted.decoder.weights.layers[l].query = DecoderMatrix(dense: raw, rows: h, columns: h)
    }
    var cacheC = LlamaKVCache(config: fromDirectory.config, capacity: ids.count)
    let c = unpermuted.decoder.forward(ids, cache: &cacheC)
    #expect(zip(c, b).map { abs($0 - $1) }.max() ?? 0 > 1e-3)
    let la = fromDirectory.decoder.logits(a[(a.count - TinyLlamaDirectory.hidden)...])
    let lb = fromGGUF.decoder.logits(b[(b.count - TinyLlamaDirectory.hidden)...])
    #expect((zip(la, lb).map { abs($0 - $1) }.max() ?? 1) <= 1e-5)
  }

  @Test("pair order is llama.cpp's permutation")
  func pairOrder() {
    let w = (0..<(2 * 8 * 3)).map(Float.init)
    #expect(
      LlamaWeights.pairOrder(w, heads: 2, headDim: 8, columns: 3)
        == TinyLlamaDirectory.llamaCppPermute(w, heads: 2, columns: 3))
  }

  func loadError(_ write: (URL) throws -> Void) throws -> String {
    let directory = try Fixtures.temporaryDirectory("llama-bad")
    try write(directory)
    do {
      _ = try LlamaDirectory.load(directory.path)
    } catch {
      return error.description
    }
    return "(loaded)"
  }

  @Test("missing files, tensors and shape mismatches name the file and the tensor")
  func errors() throws {
    let tiny = TinyLlamaDirectory(seed: 1)
    let noTokenizer = try loadError {
      try tiny.writeDirectory($0, files: ["config.json", "model.safetensors"])
    }
    #expect(noTokenizer.contains("tokenizer.json"), "\(noTokenizer)")
    let noWeights = try loadError { try tiny.writeDirectory($0, files: ["config.json"]) }
    #expect(noWeights.contains("model.safetensors"), "\(noWeights)")
    let name = "model.layers.1.mlp.up_proj.weight"
    let missing = try loadError { try tiny.writeDirectory($0, omit: name) }
    #expect(missing.contains("model.safetensors") && missing.contains(name), "\(missing)")
    let key = "model.layers.0.self_attn.k_proj.weight"
    let shape = try loadError { try tiny.writeDirectory($0, reshape: (key, [8, 32])) }
    #expect(
      shape.contains("model.safetensors") && shape.contains(key) && shape.contains("[8, 32]")
        && shape.contains("[16, 32]"), "\(shape)")
  }
}
