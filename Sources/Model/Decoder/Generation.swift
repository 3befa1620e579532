import Foundation

/// Greedy generation with the KV cache: one prefill call for the prompt, then one decode call
/// per new token.
public struct Generation: Sendable {
  /// The generated ids (the stop token included when it was produced).
  public var tokens: [Int32]
  public var prefillSeconds: Double
  public var decodeSeconds: Double

  /// Greedy continuation of `prompt`, at most `maxNewTokens` tokens, stopping after any id of
  /// `stopAt`. `observer` sees every forward call's MLP activations (prefill first). `prefix`
  /// (`[n × hidden]`, a soft prompt) goes before the prompt's embeddings in the prefill.
  public static func greedy(
    model: LlamaModel, prompt: [Int32], prefix: [Float] = [], maxNewTokens: Int,
    stopAt: Set<Int32>, observer: LlamaDecoder.MLPObserver? = nil
  ) -> Generation {
    let decoder = model.decoder
    let h = model.config.hidden
    let prefillRows = prefix.count / h + prompt.count
    var cache = LlamaKVCache(
      config: model.config, capacity: min(model.config.contextLength, prefillRows + maxNewTokens))
    let start = DispatchTime.now().uptimeNanoseconds
    var hidden = decoder.forward(prompt, prefix: prefix, cache: &cache, observer: observer)
    let prefillEnd = DispatchTime.now().uptimeNanoseconds
    var tokens: [Int32] = []
    var rows = prefillRows
    while tokens.count < maxNewTokens {
      let logits = decoder.logits(hidden[((rows - 1) * h)..<(rows * h)])
      var best = 0
      for j in 1..<logits.count where logits[j] > logits[best] { best = j }
      let token = Int32(best)
      tokens.append(token)
      if stopAt.contains(token) || tokens.count == maxNewTokens || cache.count >= cache.capacity {
        break
      }
      hidden = decoder.forward([token], cache: &cache, observer: observer)
      rows = 1
    }
    let end = DispatchTime.now().uptimeNanoseconds
    return Generation(
      tokens: tokens, prefillSeconds: Double(prefillEnd - start) / 1e9,
      decodeSeconds: Double(end - prefillEnd) / 1e9)
  }
}
