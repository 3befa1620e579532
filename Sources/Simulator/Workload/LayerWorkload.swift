/// The work one encoder layer asks of the hardware for one sequence, derived from the trace
/// header alone (see docs/simulator-model.md, "Workload").
///
/// T tokens (the record's token count, which includes prompt-tuning tokens), P prefix length,
/// D hidden, H heads, F intermediate.
public struct LayerWorkload: Sendable, Equatable {
  public var gemms: [GEMMShape]
  /// Vector-unit element operations: softmax, LayerNorm, GELU (and adapter ReLU).
  public var vectorElements: Int

  public init(gemms: [GEMMShape], vectorElements: Int) {
    self.gemms = gemms
    self.vectorElements = vectorElements
  }

  /// The workload of layer `layer` for a sequence of `tokens` tokens.
  public init(header: TraceHeaderDimensions, layer: Int, tokens t: Int, options: WorkloadOptions) {
    let d = header.hidden
    let f = header.intermediate
    let h = header.heads
    let keys = t + header.prefixLength
    let mlpSkipped = header.skippedLayers.contains(layer)
    var gemms: [GEMMShape] = []
    var vector = 0
    guard t > 0 else {
      self.init(gemms: [], vectorElements: 0)
      return
    }
    gemms.append(GEMMShape(name: "qkv-projection", m: t, k: d, n: 3 * d))
    gemms.append(GEMMShape(name: "attention-scores", m: t, k: d / h, n: keys, instances: h))
    gemms.append(GEMMShape(name: "attention-context", m: t, k: keys, n: d / h, instances: h))
    gemms.append(GEMMShape(name: "attention-output", m: t, k: d, n: d))
    vector += h * t * keys  // softmax
    vector += t * d  // LayerNorm after attention
    if !mlpSkipped {
      gemms.append(GEMMShape(name: "mlp-up", m: t, k: d, n: f))
      gemms.append(GEMMShape(name: "mlp-down", m: t, k: f, n: d, isMLPDown: true))
      vector += t * f  // GELU
    }
    if let width = header.adapterWidth {
      gemms.append(GEMMShape(name: "adapter-down", m: t, k: d, n: width))
      gemms.append(GEMMShape(name: "adapter-up", m: t, k: width, n: d))
      vector += t * width  // ReLU
    }
    vector += t * d  // LayerNorm after the MLP
    if !options.loraMerged, let rank = header.loraRank {
      for target in header.loraTargets {
        let (input, output): (Int, Int)
        switch target {
        case "mlp-up": (input, output) = (d, f)
        case "mlp-down": (input, output) = (f, d)
        default: (input, output) = (d, d)
        }
        if mlpSkipped && target.hasPrefix("mlp-") { continue }
        gemms.append(GEMMShape(name: "lora-\(target)-down", m: t, k: input, n: rank))
        gemms.append(GEMMShape(name: "lora-\(target)-up", m: t, k: rank, n: output))
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
