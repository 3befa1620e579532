import TensorCore

/// The PEFT modules of one encoder layer.
public struct LayerPEFT {
  public var lora: [LoRATarget: LoRA] = [:]
  public var adapter: Adapter?
  public var prefix: PrefixTuning?
  public var gate: MLPGate?

  public init() {}

  public var parameters: [Parameter] {
    var all: [Parameter] = []
    for target in LoRATarget.allCases { if let l = lora[target] { all += l.parameters } }
    if let adapter { all += adapter.parameters }
    if let prefix { all += [prefix.keys, prefix.values] }
    if let gate { all.append(gate.logit) }
    return all
  }
}

/// Everything a PEFT method adds to a frozen encoder, kept apart from the encoder so the base
/// model stays unchanged (an empty `PEFTModules` runs the plain pretrained model).
public final class PEFTModules {
  public let configuration: PEFTConfiguration?
  public var layers: [LayerPEFT]
  public var prompt: PromptTuning?
  /// Layers whose MLP block is skipped at inference (ADA-DEFT gates below the threshold).
  public var skippedMLPLayers: Set<Int> = []

  /// No PEFT modules: the base model.
  public init(layerCount: Int) {
    configuration = nil
    layers = [LayerPEFT](repeating: LayerPEFT(), count: layerCount)
  }

  /// Fresh trainable modules of `configuration` for `encoder`, initialised from `seed`.
  /// For QLoRA this also quantises the encoder's frozen linear weights to NF4.
  public init(configuration c: PEFTConfiguration, encoder: BertEncoder, seed: UInt64) {
    configuration = c
    let d = encoder.config.hiddenSize
    var generator = SplitMix64.stream(seed: seed, label: 0x5045_4654)  // "PEFT"
    layers = []
    for (index, layer) in encoder.layers.enumerated() {
      var modules = LayerPEFT()
      switch c.method {
      case .lora, .qlora:
        for target in c.loraTargets {
          let linear = layer.linear(target)
          modules.lora[target] = LoRA(
            name: "encoder.layer.\(index).\(target.modulePath)", inFeatures: linear.inFeatures,
            outFeatures: linear.outFeatures, rank: c.loraRank, alpha: c.loraAlpha,
            dropoutRate: c.loraDropout,
            initialization: c.loraInitialization ?? .kaimingUniform, generator: &generator)
        }
      case .adapter:
        modules.adapter = Adapter(
          name: "encoder.layer.\(index).output.adapter", hidden: d,
          width: max(1, d / c.adapterReductionFactor), generator: &generator)
      case .prefix:
        modules.prefix = PrefixTuning(
          layer: index, length: c.prefixLength, attention: layer.attention,
          embeddings: encoder.embeddings, generator: &generator)
      case .prompt:
        break
      }
      if let ada = c.ada { modules.gate = MLPGate(layer: index, initialLogit: ada.initialLogit) }
      layers.append(modules)
    }
    if c.method == .prompt {
      prompt = PromptTuning(
        tokens: c.promptTokens, wordEmbeddings: encoder.embeddings.word.value,
        generator: &generator)
    }
    if c.method == .qlora { encoder.quantizeLinearWeights(blockSize: c.nf4BlockSize) }
  }

  /// Every trainable parameter, in a fixed order (prompt, then layer by layer).
  public var parameters: [Parameter] {
    (prompt.map { [$0.embeddings] } ?? []) + layers.flatMap(\.parameters)
  }

  public var promptTokens: Int { prompt?.tokenCount ?? 0 }
  public var prefixLength: Int { layers.first?.prefix?.length ?? 0 }

  /// Current gate values per layer (nil without ADA-DEFT).
  public var gateValues: [Float]? {
    let gates = layers.compactMap(\.gate)
    return gates.count == layers.count ? gates.map(\.value) : nil
  }

  /// Layers whose gate is below `threshold` (none without a threshold or gates).
  public func skippedLayers(threshold: Float?) -> [Int] {
    guard let threshold else { return [] }
    return layers.indices.filter { (layers[$0].gate?.value ?? 1) < threshold }
  }

  /// Marks layers whose gate is below `threshold` as skipped at inference; returns them.
  @discardableResult
  public func skipGatedLayers(threshold: Float) -> [Int] {
    skippedMLPLayers = Set(layers.indices.filter { (layers[$0].gate?.value ?? 1) < threshold })
    return skippedMLPLayers.sorted()
  }
}
