import TraceFormat

/// Builds the `TransformerLayerWork` of each layer for `TransformerWorkload` (the table there).
struct LayerWorkBuilder {
  let header: TraceHeader
  let architecture: ModelArchitecture
  let stack: StackArchitecture
  let options: WorkloadOptions
  /// Sequences with at least one token.
  let sequences: [WorkloadSequence]
  let crossAttention: Bool
  let writesKVCache: Bool
  /// M: the tokens of all sequences.
  let tokens: Int

  init(
    header: TraceHeader, architecture: ModelArchitecture, stack: StackArchitecture,
    options: WorkloadOptions, sequences: [WorkloadSequence], crossAttention: Bool,
    writesKVCache: Bool
  ) {
    self.header = header
    self.architecture = architecture
    self.stack = stack
    self.options = options
    self.sequences = sequences
    self.crossAttention = crossAttention
    self.writesKVCache = writesKVCache
    tokens = sequences.reduce(0) { $0 + $1.tokens }
  }

  func layer(_ layer: Int, global: Int) throws(WorkloadError) -> TransformerLayerWork {
    let d = stack.hidden
    let h = stack.heads
    let kv = stack.kvHeads
    let hd = stack.headDim
    let f = stack.intermediate
    let m = tokens
    var work = TransformerLayerWork(stack: stack.role, layer: layer)
    guard m > 0 else { return work }
    var vector: [Int] = []
    work.gemms.append(
      try WorkloadGEMM(name: "qkv-projection", m: m, k: d, n: try checked(h + 2 * kv, hd)))
    try attention(prefix: "", into: &work, vector: &vector) { $0.contextLengths }
    work.gemms.append(try WorkloadGEMM(name: "attention-output", m: m, k: h * hd, n: d))
    vector.append(try checked(m, d))  // norm after attention
    if writesKVCache {
      var read: [Int] = []
      for s in sequences {
        let cached = max(0, (s.contextLengths.max() ?? 0) - s.tokens)
        read.append(try checked(2, kv, hd, cached))
      }
      work.kvCacheReadElements = try checkedSum(read)
      work.kvCacheWriteElements = try checked(2, kv, hd, m)
    }
    if crossAttention {
      work.gemms.append(try WorkloadGEMM(name: "cross-q-projection", m: m, k: d, n: h * hd))
      try attention(prefix: "cross-", into: &work, vector: &vector) {
        [Int](repeating: $0.crossAttentionLength, count: $0.tokens)
      }
      work.gemms.append(try WorkloadGEMM(name: "cross-attention-output", m: m, k: h * hd, n: d))
      vector.append(try checked(m, d))
      let reads = try sequences.map { s throws(WorkloadError) in
        try checked(2, kv, hd, s.crossAttentionLength)
      }
      work.kvCacheReadElements = try checkedSum([work.kvCacheReadElements] + reads)
    }
    let skipped = header.deft.ada && header.deft.skippedLayers.contains(global)
    if !skipped {
      switch stack.mlp {
      case .plain:
        work.gemms.append(try WorkloadGEMM(name: "mlp-up", m: m, k: d, n: f))
        vector.append(try checked(m, f))
      case .gated(_, let masks):
        work.gemms.append(try WorkloadGEMM(name: "mlp-gate", m: m, k: d, n: f))
        work.gemms.append(
          try WorkloadGEMM(
            name: "mlp-up", m: m, k: d, n: f, mask: masks == .gate ? .outputUnits : .none))
        vector.append(try checked(2, m, f))  // activation and product
      }
      work.gemms.append(try WorkloadGEMM(name: "mlp-down", m: m, k: f, n: d, mask: .inputUnits))
    }
    if header.peft.method == "adapter" {
      let width = header.peft.adapterWidth ?? max(1, d / 16)
      work.gemms.append(try WorkloadGEMM(name: "adapter-down", m: m, k: d, n: width))
      work.gemms.append(try WorkloadGEMM(name: "adapter-up", m: m, k: width, n: d))
      vector.append(try checked(m, width))
    }
    vector.append(try checked(m, d))  // norm after the MLP
    if !options.loraMerged, ["lora", "qlora"].contains(header.peft.method) {
      let rank = header.peft.loraRank ?? 8
      for target in header.peft.loraTargets ?? ["query", "value"] {
        let (input, output): (Int, Int)
        switch target {
        case "query": (input, output) = (d, h * hd)
        case "key", "value": (input, output) = (d, kv * hd)
        case "attention-output": (input, output) = (h * hd, d)
        case "mlp-up", "mlp-gate": (input, output) = (d, f)
        default: (input, output) = (f, d)
        }
        if skipped && target.hasPrefix("mlp-") { continue }
        work.gemms.append(try WorkloadGEMM(name: "lora-\(target)-down", m: m, k: input, n: rank))
        work.gemms.append(try WorkloadGEMM(name: "lora-\(target)-up", m: m, k: rank, n: output))
      }
    }
    work.vectorElements = try checkedSum(vector)
    return work
  }

  /// Scores and context per sequence (GQA: the G query heads of a KV head stacked into M), and
  /// the softmax's vector elements.
  private func attention(
    prefix: String, into work: inout TransformerLayerWork, vector: inout [Int],
    contexts: (WorkloadSequence) -> [Int]
  ) throws(WorkloadError) {
    let group = stack.heads / stack.kvHeads
    let hd = stack.headDim
    for s in sequences {
      let lengths = contexts(s)
      let longest = lengths.max() ?? 0
      let total = try checkedSum(lengths)
      let needed = try checked(stack.heads, hd, total)
      let rows = try checked(s.tokens, group)
      work.gemms.append(
        try WorkloadGEMM(
          name: prefix + "attention-scores", m: rows, k: hd, n: longest,
          instances: stack.kvHeads, operand: .activations, perSequence: true, neededMACs: needed))
      work.gemms.append(
        try WorkloadGEMM(
          name: prefix + "attention-context", m: rows, k: longest, n: hd,
          instances: stack.kvHeads, operand: .activations, perSequence: true, neededMACs: needed))
      vector.append(try checked(stack.heads, total))  // softmax
    }
  }

  /// The encoder pass of an encoder–decoder computes each decoder layer's cross-attention keys
  /// and values from the encoder output once per sequence and writes them to the cross cache.
  func crossKVProjection(decoder: StackArchitecture, layer: Int) throws(WorkloadError)
    -> TransformerLayerWork
  {
    var work = TransformerLayerWork(stack: .decoder, layer: layer)
    guard tokens > 0 else { return work }
    let width = try checked(2, decoder.kvHeads, decoder.headDim)
    work.gemms = [
      try WorkloadGEMM(name: "cross-kv-projection", m: tokens, k: stack.hidden, n: width)
    ]
    work.kvCacheWriteElements = try checked(tokens, width)
    return work
  }
}
