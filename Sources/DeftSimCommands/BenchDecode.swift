import ArgumentParser
import Foundation
import Model
import TensorCore

/// `deft-sim bench decode`: greedy decode throughput of the decoder at batch 1 on fixed prompts.
struct BenchDecode: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decode",
    abstract: "Measure greedy decode tokens/s and CPU ms/token of the decoder (batch 1).",
    discussion: """
      For each fixed prompt (the chat template around each --chat, or the built-in prompts):
      one prefill call, then exactly --new-tokens greedy tokens (no stop token), i.e.
      --new-tokens − 1 timed decode calls of one token each (forward with the KV cache, LM
      head, argmax). One untimed warm-up pass, then --repetitions timed passes over all
      prompts; prints each pass and the median tokens/s, wall ms/token and CPU ms/token (user +
      system of the whole process, all threads). `tools/bench_hf_decode.py` runs this beside
      PyTorch eager on the same token ids.
      """)

  static let defaultPrompts = [
    "Write a short story about a robot.",
    "What is the capital of France?",
    "Explain why the sky is blue in two sentences.",
  ]

  @Option(help: "Decoder: `smollm2` (fetched by `make model`) or a path to a Llama-family .gguf.")
  var model = DecoderLocator.smolLM2Name

  @Option(help: "A user message (repeatable); default: three built-in prompts.")
  var chat: [String] = []

  @Option(help: "Tokens generated per prompt (the first comes from the prefill).")
  var newTokens = 32

  @Option(help: "Timed passes over the prompts (the median is reported).")
  var repetitions = 3

  @Option(help: "Threads of the 4-bit kernel and OpenBLAS.")
  var threads = 1

  @Flag(help: "Dequantise the weights to Float32 once at load (default: keep them 4-bit).")
  var float32Weights = false

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    guard (2...1024).contains(newTokens) else {
      throw ValidationError("--new-tokens must be in 2...1024, got \(newTokens)")
    }
    guard (1...100).contains(repetitions) else {
      throw ValidationError("--repetitions must be in 1...100, got \(repetitions)")
    }
    guard (1...64).contains(threads) else {
      throw ValidationError("--threads must be in 1...64, got \(threads)")
    }
  }

  struct Pass {
    var wallSeconds = 0.0
    var cpuSeconds = 0.0
    var steps = 0
    var generated: [[Int32]] = []
  }

  func run() throws {
    BLAS.setThreadCount(threads)
    let llm = try LlamaModel.load(
      try DecoderLocator.resolve(model), storage: float32Weights ? .float32 : .quantized)
    let prompts = (chat.isEmpty ? Self.defaultPrompts : chat).map { llm.encode($0, chat: true) }
    for ids in prompts where ids.count + newTokens > llm.config.contextLength {
      throw ValidationError(
        "a prompt of \(ids.count) tokens plus \(newTokens) new ones exceeds the context of "
          + "\(llm.config.contextLength)")
    }
    _ = decodePass(llm, prompts)
    var passes: [Pass] = []
    for rep in 1...repetitions {
      let pass = decodePass(llm, prompts)
      passes.append(pass)
      if !json {
        print(
          String(
            format: "  pass %d: %d decode steps, %.1f tokens/s, %.2f ms/token wall, "
              + "%.2f ms/token CPU",
            rep, pass.steps, Double(pass.steps) / pass.wallSeconds,
            1e3 * pass.wallSeconds / Double(pass.steps),
            1e3 * pass.cpuSeconds / Double(pass.steps)))
      }
    }
    let rate = median(passes.map { Double($0.steps) / $0.wallSeconds })
    let wallMs = median(passes.map { 1e3 * $0.wallSeconds / Double($0.steps) })
    let cpuMs = median(passes.map { 1e3 * $0.cpuSeconds / Double($0.steps) })
    let weights = float32Weights ? "float32" : "4-bit blocks"
    if json {
      let object: [String: Any] = [
        "weights": weights, "threads": threads, "new_tokens": newTokens,
        "repetitions": repetitions, "decode_steps_per_pass": passes[0].steps,
        "prompt_ids": prompts.map { $0.map(Int.init) },
        "generated_ids": passes[0].generated.map { $0.map(Int.init) },
        "decode_tokens_per_second": rate, "wall_ms_per_token": wallMs,
        "cpu_ms_per_token": cpuMs, "vectorized_kernel": DecoderMatrix.vectorizedKernel,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    } else {
      print(
        String(
          format: "bench decode (%@, %d thread(s), %d prompts of %@ tokens, %d new tokens each): "
            + "median %.1f tokens/s, %.2f ms/token wall, %.2f ms/token CPU",
          weights as NSString, threads, prompts.count,
          prompts.map { String($0.count) }.joined(separator: "/") as NSString, newTokens, rate,
          wallMs, cpuMs))
    }
  }

  /// One pass over the prompts: prefill untimed, then `newTokens − 1` timed decode calls each.
  func decodePass(_ llm: LlamaModel, _ prompts: [[Int32]]) -> Pass {
    let decoder = llm.decoder
    let h = llm.config.hidden
    var pass = Pass()
    for ids in prompts {
      var cache = LlamaKVCache(config: llm.config, capacity: ids.count + newTokens)
      let hidden = decoder.forward(ids, cache: &cache)
      var token = Self.argmax(decoder.logits(hidden[((ids.count - 1) * h)..<(ids.count * h)]))
      var generated = [token]
      let wall = DispatchTime.now().uptimeNanoseconds
      let cpu = Self.cpuSeconds()
      for _ in 1..<newTokens {
        let next = decoder.forward([token], cache: &cache)
        token = Self.argmax(decoder.logits(next[0..<h]))
        generated.append(token)
      }
      pass.cpuSeconds += Self.cpuSeconds() - cpu
      pass.wallSeconds += Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9
      pass.steps += newTokens - 1
      pass.generated.append(generated)
    }
    return pass
  }

  static func argmax(_ values: [Float]) -> Int32 {
    var best = 0
    for j in 1..<values.count where values[j] > values[best] { best = j }
    return Int32(best)
  }

  /// User + system CPU time of the process (all threads).
  static func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
}
