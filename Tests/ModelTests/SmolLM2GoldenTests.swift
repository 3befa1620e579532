import Foundation
import Model
import Testing

/// SmolLM2-135M-Instruct against Hugging Face transformers in float64 (same GGUF): token ids,
/// last-position logits and final hidden values, per-layer MLP statistics, greedy generation.
@Suite("SmolLM2 golden", .serialized)
struct SmolLM2GoldenTests {
  @Test("token ids equal the golden's, plain and chat")
  func tokenIds() throws {
    let model = try SmolLM2Fixtures.model()
    for golden in try SmolLM2Fixtures.cases() {
      let ids = model.encode(golden.text, chat: golden.kind == "chat")
      #expect(ids == golden.inputIds, "\(golden.text)")
      #expect(model.tokenizer.tokenTexts(ids) == golden.tokens, "\(golden.text)")
    }
  }

  @Test(
    "logits, hidden values and MLP statistics match; greedy generation equals the golden",
    arguments: [DecoderMatrix.Storage.quantized, .float32])
  func forward(storage: DecoderMatrix.Storage) throws {
    let model = try LlamaModel(path: SmolLM2Fixtures.ggufPath(), storage: storage)
    var worstLogit = 0.0
    var worstHidden = 0.0
    var worstSum = 0.0
    var worstSumsq = 0.0
    for golden in try SmolLM2Fixtures.cases() {
      let ids = golden.inputIds
      var cache = LlamaKVCache(config: model.config, capacity: ids.count + 32)
      var stats = [DecoderActivationStatistics](
        repeating: DecoderActivationStatistics(), count: model.config.layers)
      let hidden = model.decoder.forward(ids, cache: &cache) { layer, gate, down in
        stats[layer].add(gate: gate, downInput: down)
      }
      let h = model.config.hidden
      let last = hidden[((ids.count - 1) * h)..<(ids.count * h)]
      let logits = model.decoder.logits(last)
      for j in 0..<8 {
        worstLogit = max(worstLogit, abs(Double(logits[j]) - golden.logitsLastFirst8[j]))
        worstHidden = max(
          worstHidden, abs(Double(last[last.startIndex + j]) - golden.finalHiddenLastFirst8[j]))
      }
      let argmax = logits.indices.max { logits[$0] < logits[$1] }!
      #expect(argmax == golden.logitsLastArgmax, "\(golden.text)")
      if let greedy = golden.greedy20Ids {
        // The golden's hooks saw the generation last: its statistics are those of the final
        // decode step (one token), so they are compared with the last forward call here.
        var lastCall = stats
        let generated = Generation.greedy(
          model: model, prompt: ids, maxNewTokens: 20, stopAt: [model.tokenizer.eosTokenId]
        ) { layer, gate, down in
          if layer == 0 {
            lastCall = [DecoderActivationStatistics](
              repeating: DecoderActivationStatistics(), count: model.config.layers)
          }
          lastCall[layer].add(gate: gate, downInput: down)
        }
        #expect(generated.tokens == greedy)
        stats = lastCall
      }
      for (layer, expected) in golden.layers.enumerated() {
        let s = stats[layer]
        for (mine, theirs) in [(s.gate, expected.gateAct), (s.downInput, expected.downInput)] {
          worstSum = max(worstSum, abs(mine.sum - theirs.sum) / abs(theirs.sum))
          worstSumsq = max(worstSumsq, abs(mine.sumOfSquares - theirs.sumsq) / theirs.sumsq)
          #expect(mine.count == theirs.numel)
          #expect(abs(mine.countAbove1e2 - theirs.countAbsGt1e2) <= 2)
          #expect(abs(mine.countAbove1e1 - theirs.countAbsGt1e1) <= 2)
        }
      }
    }
    print(
      "SmolLM2 golden (\(storage)): logits max abs \(worstLogit), hidden max abs \(worstHidden), gate sum max "
        + "rel \(worstSum), sumsq max rel \(worstSumsq)")
    #expect(worstLogit < 1e-3)
    #expect(worstHidden < 1e-3)
    #expect(worstSum < 1e-3)
    #expect(worstSumsq < 1e-3)
  }
}
