import ArgumentParser

/// The options of `deft-sim bench train` that only a decoder (`--model smollm2`) takes; nil
/// when not given, so that the encoder path can reject them and the decoder path can default.
struct BenchTrainDecoderOptions: ParsableArguments {
  @Option(help: "LoRA rank r (default 8).") var loraRank: Int?
  @Option(help: "LoRA scaling α (default 16; the update is scaled by α/r).") var loraAlpha: Float?
  @Option(name: .customLong("lr"), help: "Adam learning rate (default 1e-3).")
  var learningRate: Float?
  @Option(help: "DEFT: weight λ of the density loss (default 1; needs --deft).")
  var densityWeight: Float?
  @Option(help: "DEFT: ε of the density loss (default 1e-2; needs --deft).")
  var densityEps: Float?
  @Option(help: "Longest training sequence in tokens; longer questions are skipped (default 256).")
  var maxTokens: Int?
  @Option(help: "Seed of the adapters' A and of the question order (default 0).")
  var seed: UInt64?
  @Flag(help: "Print one JSON object (timings, token ids and loss positions of every step).")
  var json = false

  /// Spellings of the options given on the command line.
  var givenOptions: [String] {
    var given: [String] = []
    if loraRank != nil { given.append("--lora-rank") }
    if loraAlpha != nil { given.append("--lora-alpha") }
    if learningRate != nil { given.append("--lr") }
    if densityWeight != nil { given.append("--density-weight") }
    if densityEps != nil { given.append("--density-eps") }
    if maxTokens != nil { given.append("--max-tokens") }
    if seed != nil { given.append("--seed") }
    if json { given.append("--json") }
    return given
  }

  var rank: Int { loraRank ?? 8 }
  var alpha: Float { loraAlpha ?? 16 }
  var lr: Float { learningRate ?? 1e-3 }
  var weight: Float { densityWeight ?? 1 }
  var epsilon: Float { densityEps ?? 1e-2 }
  var tokens: Int { maxTokens ?? 256 }
}
