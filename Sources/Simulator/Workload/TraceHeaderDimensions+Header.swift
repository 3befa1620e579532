import TraceFormat

extension TraceHeaderDimensions {
  /// Resolves the workload-relevant fields of `header`, checking that they make sense.
  public init(header: TraceHeader) throws(SimulationError) {
    if let architecture = header.architecture {
      // Phase 2 of issue 11 replays version 2 (`TransformerWorkload`); until then a version-2
      // trace is refused here rather than replayed as if it were a BERT-style encoder.
      throw .invalidHeader(
        key: "formatVersion",
        expected: "1 (replay of version-2 traces, architecture '\(architecture.name)', is not "
          + "supported yet; `deft-sim trace inspect` reads them)",
        found: "\(header.formatVersion)")
    }
    let model = header.model
    func bad(_ key: String, _ expected: String, _ found: String) -> SimulationError {
      .invalidHeader(key: key, expected: expected, found: found)
    }
    guard model.layers > 0 else { throw bad("model.layers", "> 0", "\(model.layers)") }
    guard model.hidden > 0 else { throw bad("model.hidden", "> 0", "\(model.hidden)") }
    guard model.intermediate > 0 else {
      throw bad("model.intermediate", "> 0", "\(model.intermediate)")
    }
    guard model.heads > 0, model.hidden % model.heads == 0 else {
      throw bad("model.heads", "a divisor of hidden (\(model.hidden))", "\(model.heads)")
    }
    let peft = header.peft
    guard peft.prefixLength >= 0 else {
      throw bad("peft.prefixLength", ">= 0", "\(peft.prefixLength)")
    }
    guard peft.promptTokens >= 0 else {
      throw bad("peft.promptTokens", ">= 0", "\(peft.promptTokens)")
    }
    var adapterWidth: Int?
    if peft.method == "adapter" {
      let width = peft.adapterWidth ?? max(1, model.hidden / 16)
      guard width > 0 else { throw bad("peft.adapterWidth", "> 0", "\(width)") }
      adapterWidth = width
    }
    var loraRank: Int?
    var targets: [String] = []
    if peft.method == "lora" || peft.method == "qlora" {
      let rank = peft.loraRank ?? 8
      guard rank > 0 else { throw bad("peft.loraRank", "> 0", "\(rank)") }
      loraRank = rank
      targets = peft.loraTargets ?? ["query", "value"]
    }
    let skipped = header.deft.ada ? Set(header.deft.skippedLayers) : []
    for layer in skipped where !(0..<model.layers).contains(layer) {
      throw bad("deft.skippedLayers", "layer indices in 0..<\(model.layers)", "\(layer)")
    }
    self.init(
      layers: model.layers, hidden: model.hidden, intermediate: model.intermediate,
      heads: model.heads, prefixLength: peft.prefixLength, promptTokens: peft.promptTokens,
      adapterWidth: adapterWidth, loraRank: loraRank, loraTargets: targets,
      skippedLayers: skipped)
  }
}
