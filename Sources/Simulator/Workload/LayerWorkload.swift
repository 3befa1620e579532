/// The work one encoder layer asks of the hardware for one batch of sequences, derived from the
/// trace header alone (see docs/simulator-model.md, "Workload" and "Batching").
///
/// Per sequence i: tᵢ tokens (the record's token count, which includes prompt-tuning tokens);
/// M = Σᵢ tᵢ the batch's tokens, P prefix length, D hidden, H heads, F intermediate. Token-parallel
/// GEMMs (QKV, attention output, MLP up and down, adapter and unmerged LoRA) run once, M × K × N;
/// attention scores tᵢ × (D/H) × (tᵢ+P) and context tᵢ × (tᵢ+P) × (D/H) run once per sequence with
/// tᵢ > 0 (``GEMMShape/perSequence``). Vector elements are the sum over the sequences. A batch
/// of one sequence is the batch-1 workload.
public struct LayerWorkload: Sendable, Equatable {
  /// In layer order; the per-sequence GEMMs of one name are consecutive, in record order.
  public var gemms: [GEMMShape]
  /// Vector-unit element operations: softmax, LayerNorm, GELU (and adapter ReLU).
  public var vectorElements: Int

  public init(gemms: [GEMMShape], vectorElements: Int) {
    self.gemms = gemms
    self.vectorElements = vectorElements
  }

  /// The workload of layer `layer` for one sequence of `tokens` tokens.
  public init(header: TraceHeaderDimensions, layer: Int, tokens t: Int, options: WorkloadOptions) {
    self.init(header: header, layer: layer, sequenceTokens: [t], options: options)
  }

  /// The workload of layer `layer` for a batch of sequences of `sequenceTokens` tokens each.
  ///
  /// Hand-worked: D = 16, H = 2, F = 64, P = 0, sequences of 3 and 5 tokens: qkv-projection
  /// 8 × 16 × 48; attention-scores 3 × 8 × 3 and 5 × 8 × 5 (2 instances each); attention-context
  /// 3 × 3 × 8 and 5 × 5 × 8; attention-output 8 × 16 × 16; mlp-up 8 × 16 × 64; mlp-down
  /// 8 × 64 × 16; vector 2·(3·3 + 5·5) + 8·16 + 8·64 + 8·16 = 836 elements.
  public init(
    header: TraceHeaderDimensions, layer: Int, sequenceTokens: [Int], options: WorkloadOptions
  ) {
    let d = header.hidden
    let f = header.intermediate
    let h = header.heads
    let p = header.prefixLength
    let m = sequenceTokens.reduce(0, +)  // the batch's tokens
    let sequences = sequenceTokens.filter { $0 > 0 }
    let mlpSkipped = header.skippedLayers.contains(layer)
    var gemms: [GEMMShape] = []
    var vector = 0
    guard m > 0 else {
      self.init(gemms: [], vectorElements: 0)
      return
    }
    gemms.append(GEMMShape(name: "qkv-projection", m: m, k: d, n: 3 * d))
    for s in sequences {
      gemms.append(
        GEMMShape(
          name: "attention-scores", m: s, k: d / h, n: s + p, instances: h, perSequence: true))
    }
    for s in sequences {
      gemms.append(
        GEMMShape(
          name: "attention-context", m: s, k: s + p, n: d / h, instances: h, perSequence: true))
    }
    gemms.append(GEMMShape(name: "attention-output", m: m, k: d, n: d))
    for s in sequences { vector += h * s * (s + p) }  // softmax
    vector += m * d  // LayerNorm after attention
    if !mlpSkipped {
      gemms.append(GEMMShape(name: "mlp-up", m: m, k: d, n: f))
      gemms.append(GEMMShape(name: "mlp-down", m: m, k: f, n: d, isMLPDown: true))
      vector += m * f  // GELU
    }
    if let width = header.adapterWidth {
      gemms.append(GEMMShape(name: "adapter-down", m: m, k: d, n: width))
      gemms.append(GEMMShape(name: "adapter-up", m: m, k: width, n: d))
      vector += m * width  // ReLU
    }
    vector += m * d  // LayerNorm after the MLP
    if !options.loraMerged, let rank = header.loraRank {
      for target in header.loraTargets {
        let (input, output): (Int, Int)
        switch target {
        case "mlp-up": (input, output) = (d, f)
        case "mlp-down": (input, output) = (f, d)
        default: (input, output) = (d, d)
        }
        if mlpSkipped && target.hasPrefix("mlp-") { continue }
        gemms.append(GEMMShape(name: "lora-\(target)-down", m: m, k: input, n: rank))
        gemms.append(GEMMShape(name: "lora-\(target)-up", m: m, k: rank, n: output))
      }
    }
    self.init(gemms: gemms, vectorElements: vector)
  }
}

/// The header fields the workload depends on, resolved with defaults.
public struct TraceHeaderDimensions: Codable, Sendable, Equatable {
  public var layers: Int
  public var hidden: Int
  public var intermediate: Int
  public var heads: Int
  public var prefixLength: Int
  public var promptTokens: Int
  /// Pfeiffer adapter width, when the method is `adapter`.
  public var adapterWidth: Int?
  /// LoRA rank, when the method is `lora` or `qlora`.
  public var loraRank: Int?
  public var loraTargets: [String]
  public var skippedLayers: Set<Int>

  public init(
    layers: Int, hidden: Int, intermediate: Int, heads: Int, prefixLength: Int = 0,
    promptTokens: Int = 0, adapterWidth: Int? = nil, loraRank: Int? = nil,
    loraTargets: [String] = [], skippedLayers: Set<Int> = []
  ) {
    self.layers = layers
    self.hidden = hidden
    self.intermediate = intermediate
    self.heads = heads
    self.prefixLength = prefixLength
    self.promptTokens = promptTokens
    self.adapterWidth = adapterWidth
    self.loraRank = loraRank
    self.loraTargets = loraTargets
    self.skippedLayers = skippedLayers
  }
}
