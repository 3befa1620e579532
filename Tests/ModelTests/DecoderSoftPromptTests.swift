import Foundation
import Model
import NumericalGradient
import TensorCore
import Testing

/// Prompt tuning on the decoder: soft-prompt rows before the token embeddings (inference and
/// training paths), and the central-difference check of the soft prompt's gradient through a
/// tiny random Llama with the task loss plus the DEFT density loss.
@Suite("Decoder soft prompt")
struct DecoderSoftPromptTests {
  static func tiny() throws -> LlamaModel {
    let directory = try Fixtures.temporaryDirectory("soft-prompt")
    try TinyLlamaDirectory(seed: 7).writeDirectory(directory)
    return try LlamaModel.load(directory.path)
  }

  /// `forward(ids, prefix: embeddings of t)` against `forward(t + ids)`.
  static func prefixedAndPlain(_ model: LlamaModel, prompt t: [Int32], ids: [Int32]) -> (
    [Float], [Float]
  ) {
    let prompt = DecoderSoftPrompt(tokens: t, model: model)
    #expect(prompt.count == t.count && prompt.initialTokens == t)
    var cacheA = LlamaKVCache(config: model.config, capacity: t.count + ids.count)
    var cacheB = LlamaKVCache(config: model.config, capacity: t.count + ids.count)
    let prefixed = model.decoder.forward(ids, prefix: prompt.vectors, cache: &cacheA)
    let plain = model.decoder.forward(t + ids, cache: &cacheB)
    #expect(cacheA.count == cacheB.count)
    return (prefixed, plain)
  }

  @Test("a soft prompt of token embeddings equals the plain model on those tokens + ids")
  func equalsPlainTiny() throws {
    let model = try Self.tiny()
    let (prefixed, plain) = Self.prefixedAndPlain(model, prompt: [3, 5, 7], ids: [0, 12, 10, 2])
    #expect(prefixed == plain)
    // Decoding after the prefixed prefill continues at the right positions.
    let t: [Int32] = [3, 5, 7]
    let ids: [Int32] = [0, 12, 10, 2]
    var cacheA = LlamaKVCache(config: model.config, capacity: 8)
    var cacheB = LlamaKVCache(config: model.config, capacity: 8)
    _ = model.decoder.forward(
      ids, prefix: DecoderSoftPrompt(tokens: t, model: model).vectors, cache: &cacheA)
    _ = model.decoder.forward(t + ids, cache: &cacheB)
    #expect(
      model.decoder.forward([9], cache: &cacheA) == model.decoder.forward([9], cache: &cacheB))
  }

  @Test("greedy generation after a soft prompt of token embeddings equals it after the tokens")
  func generation() throws {
    let model = try Self.tiny()
    let t: [Int32] = [3, 5, 7]
    let ids: [Int32] = [0, 12, 10, 2]
    let prefixed = Generation.greedy(
      model: model, prompt: ids, prefix: DecoderSoftPrompt(tokens: t, model: model).vectors,
      maxNewTokens: 6, stopAt: [])
    let plain = Generation.greedy(model: model, prompt: t + ids, maxNewTokens: 6, stopAt: [])
    #expect(prefixed.tokens == plain.tokens && prefixed.tokens.count == 6)
  }

  @Test("SmolLM2 (4-bit): a soft prompt of token embeddings equals the plain model")
  func equalsPlainSmolLM2() throws {
    let model = try SmolLM2Fixtures.model()
    let t = model.encode("Review:", chat: false)
    let ids = model.encode(" a gorgeous film", chat: false)
    let (prefixed, plain) = Self.prefixedAndPlain(model, prompt: t, ids: ids)
    let diff = zip(prefixed, plain).map { abs($0 - $1) }.max() ?? .infinity
    #expect(diff <= 1e-5, "max |Δ hidden| \(diff)")
  }

  @Test("initialisation: seeded ids of real tokens, their embeddings")
  func initialisation() throws {
    let model = try Self.tiny()
    let a = DecoderSoftPrompt(model: model, count: 5, seed: 3)
    #expect(a == DecoderSoftPrompt(model: model, count: 5, seed: 3))
    #expect(a != DecoderSoftPrompt(model: model, count: 5, seed: 4))
    #expect(a.count == 5 && a.hidden == TinyLlamaDirectory.hidden)
    #expect(a.initialTokens.allSatisfy { (0..<16).contains($0) })
    #expect(a.vectors == DecoderSoftPrompt(tokens: a.initialTokens, model: model).vectors)
    #expect(DecoderSoftPrompt.initialisationRange(vocabularySize: 49152) == 256..<5256)
  }

  @Test("training step: a prefix of token embeddings gives the loss of the plain ids")
  func stepEqualsPlain() throws {
    let model = try Self.tiny()
    let frozen = DecoderLoRAModel(model: model, rank: 2, alpha: 4, seed: 1)
    let t: [Int32] = [3, 5]
    let ids: [Int32] = [0, 12, 10, 2, 4]
    let prefixed = frozen.step(
      ids: ids, positions: [2, 4], targetTokens: [6, 1],
      prefix: DecoderSoftPrompt(tokens: t, model: model).vectors, densityWeight: 0.5,
      densityEpsilon: 0.05)
    let plain = frozen.step(
      ids: t + ids, positions: [4, 6], targetTokens: [6, 1], densityWeight: 0.5,
      densityEpsilon: 0.05)
    #expect(prefixed.taskLoss == plain.taskLoss && prefixed.densityLoss == plain.densityLoss)
    #expect(prefixed.prefixGradient.count == t.count * TinyLlamaDirectory.hidden)
    #expect(plain.prefixGradient.isEmpty)
  }

  /// With `densityOnly` the task term is zero, so the density loss alone is checked.
  @Test("soft-prompt gradient matches central differences", arguments: [false, true])
  func gradient(densityOnly: Bool) throws {
    let model = try Self.tiny()
    let frozen = DecoderLoRAModel(model: model, rank: 2, alpha: 4, seed: 1)
    var rng = SplitMix64(seed: 11)
    var prefix = (0..<(3 * TinyLlamaDirectory.hidden)).map { _ in rng.nextNormal() * 0.3 }
    let ids: [Int32] = [0, 12, 10, 2, 4]
    let (weight, epsilon): (Float, Float) = (0.5, 0.05)
    func run() -> DecoderLoRAModel.Step {
      frozen.step(
        ids: ids, positions: densityOnly ? [] : [1, 4], targetTokens: densityOnly ? [] : [6, 1],
        prefix: prefix, densityWeight: weight, densityEpsilon: epsilon)
    }
    let analytic = run().prefixGradient
    let outcome = CentralDifference.compare(
      "soft prompt", analytic: analytic, count: prefix.count, get: { prefix[$0] },
      set: { prefix[$0] = $1 },
      loss: {
        let s = run()
        return s.taskLoss + s.densityLoss
      }, step: 1e-2)
    print(outcome)
    #expect(outcome.passes(relative: 1e-2, absolute: densityOnly ? 1e-5 : 1e-3), "\(outcome)")
    #expect(outcome.maxNumeric > (densityOnly ? 1e-4 : 1e-2), "slopes too small: \(outcome)")
  }
}
