import ArgumentParser
import Foundation
import Model
import TensorCore

/// `deft-sim generate`: greedy generation with a decoder (KV cache), with tokens/s.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Greedy generation with a decoder (SmolLM2), printing the text and tokens/s.")

  @Option(help: "Decoder: `smollm2` (fetched by `make model`) or a path to a Llama-family .gguf.")
  var model = DecoderLocator.smolLM2Name

  @Option(help: "A user message, wrapped in the chat template with a generation prompt.")
  var chat: String?

  @Option(help: "A plain prompt (no template).")
  var prompt: String?

  @Option(help: "Most tokens to generate (stops earlier at <|im_end|>).")
  var maxNewTokens = 64

  @Option(help: "OpenBLAS threads.")
  var threads = 1

  @Flag(help: "Dequantise the 4-bit weights to Float32 once at load (default: keep them 4-bit).")
  var float32Weights = false

  @Flag(help: "Print JSON.")
  var json = false

  func run() throws {
    try RawArguments.validateUTF8()
    guard (chat == nil) != (prompt == nil) else {
      throw ValidationError("give exactly one of --chat TEXT and --prompt TEXT")
    }
    guard (1...4096).contains(maxNewTokens) else {
      throw ValidationError("--max-new-tokens must be in 1...4096, got \(maxNewTokens)")
    }
    guard (1...64).contains(threads) else {
      throw ValidationError("--threads must be in 1...64, got \(threads)")
    }
    BLAS.setThreadCount(threads)
    let loadStart = Date()
    let llm = try LlamaModel.load(
      try DecoderLocator.resolve(model), storage: float32Weights ? .float32 : .quantized)
    let loadSeconds = Date().timeIntervalSince(loadStart)
    let ids = llm.encode(chat ?? prompt ?? "", chat: chat != nil)
    guard !ids.isEmpty, ids.count + maxNewTokens <= llm.config.contextLength else {
      throw ValidationError(
        "prompt of \(ids.count) tokens plus \(maxNewTokens) new ones must fit the context of "
          + "\(llm.config.contextLength)")
    }
    let result = Generation.greedy(
      model: llm, prompt: ids, maxNewTokens: maxNewTokens, stopAt: [llm.tokenizer.eosTokenId])
    let text = llm.tokenizer.decode(result.tokens.filter { $0 != llm.tokenizer.eosTokenId })
    let prefillRate = Double(ids.count) / max(result.prefillSeconds, 1e-9)
    let decodeSteps = max(result.tokens.count - 1, 0)
    let decodeRate = Double(decodeSteps) / max(result.decodeSeconds, 1e-9)
    if json {
      let object: [String: Any] = [
        "prompt_ids": ids.map(Int.init), "generated_ids": result.tokens.map(Int.init),
        "text": text, "prefill_tokens_per_second": prefillRate,
        "decode_tokens_per_second": decodeRate, "threads": threads,
        "weights_bytes": llm.decoder.weights.byteCount,
      ]
      let data = try JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    } else {
      print(text)
      print(
        String(
          format: "prompt %d tokens, prefill %.1f tokens/s; %d decode steps, %.1f tokens/s "
            + "(%d thread(s)); load %.2f s, weights %.0f MB (%@)",
          ids.count, prefillRate, decodeSteps, decodeRate, threads, loadSeconds,
          Double(llm.decoder.weights.byteCount) / 1e6,
          (llm.decoder.weights.storage == .float32 ? "Float32" : "4-bit blocks as in the GGUF")
            as NSString))
    }
  }
}
