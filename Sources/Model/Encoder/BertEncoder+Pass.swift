import TensorCore

/// How one encoder pass runs: training dropout (nil at inference), the global index of the
/// batch's first row (dropout masks are keyed by it, so a split batch draws the masks of the
/// whole), and whether to keep the backward cache.
public struct EncoderPassOptions: Sendable {
  public var dropout: StepDropout?
  public var firstRow: Int
  public var keepCache: Bool

  public init(dropout: StepDropout? = nil, firstRow: Int = 0, keepCache: Bool = false) {
    self.dropout = dropout
    self.firstRow = firstRow
    self.keepCache = keepCache
  }
}

/// One encoder pass: its output, the row layout, and the cache for ``BertEncoder/backward``.
public struct EncoderPass {
  public var output: EncoderOutput
  public var layout: SequenceLayout
  public var cache: EncoderCache?
}

/// What an encoder forward pass keeps for its backward pass.
public struct EncoderCache {
  var embeddings: EmbeddingsCache
  var layers: [EncoderLayerCache]
}

extension BertEncoder {
  /// Forward pass with `peft` plugged in.
  public func run(_ batch: PackedBatch, peft: PEFTModules, options: EncoderPassOptions)
    -> EncoderPass
  {
    let layout = SequenceLayout(batch: batch, promptTokens: peft.promptTokens)
    var (hidden, embeddingsCache) = embeddings.forward(
      batch, layout: layout, prompt: peft.prompt, dropout: options.dropout?.hidden,
      firstRow: options.firstRow, keepCache: options.keepCache)
    var activations: [Tensor] = []
    var caches: [EncoderLayerCache] = []
    activations.reserveCapacity(layers.count)
    for (index, layer) in layers.enumerated() {
      let layerOptions = LayerPassOptions(
        layerIndex: index, dropout: options.dropout, firstRow: options.firstRow,
        keepCache: options.keepCache,
        skipMLP: options.dropout == nil && peft.skippedMLPLayers.contains(index))
      let result = layer.forward(
        hidden, layout: layout, peft: peft.layers[index], options: layerOptions)
      hidden = result.output
      activations.append(result.activations)
      if let c = result.cache { caches.append(c) }
    }
    let cache = embeddingsCache.map { EncoderCache(embeddings: $0, layers: caches) }
    return EncoderPass(
      output: EncoderOutput(hidden: hidden, mlpActivations: activations), layout: layout,
      cache: cache)
  }

  /// Backward pass of ``run``: from `dHidden[N, D]` (and optional extra gradients on each layer's
  /// MLP activations), accumulates the gradients of the parameters `gradients` holds (frozen
  /// weights compute only input gradients, and only where something below needs them).
  public func backward(
    _ pass: EncoderPass, gradHidden: Tensor, gradActivations: [Tensor]?, peft: PEFTModules,
    gradients: GradientStore
  ) {
    guard let cache = pass.cache else {
      preconditionFailure("backward needs a pass run with keepCache: true")
    }
    // The lowest layer whose input gradient is still needed: below it nothing trains.
    let promptTrains = peft.prompt.map { gradients.contains($0.embeddings) } ?? false
    let lowestTrainable =
      promptTrains
      ? -1
      : (0..<layers.count).first { layer in
        peft.layers[layer].parameters.contains { gradients.contains($0) }
          || layers[layer].linears.contains { gradients.contains($0.weight) }
      } ?? layers.count
    var grad = gradHidden
    for index in stride(from: layers.count - 1, through: max(0, lowestTrainable), by: -1) {
      let next = layers[index].backward(
        cache.layers[index], gradOutput: grad, gradActivations: gradActivations?[index],
        layout: pass.layout, peft: peft.layers[index], needInputGradient: index > lowestTrainable,
        gradients: gradients)
      guard let next else { return }
      grad = next
    }
    if let prompt = peft.prompt, promptTrains {
      embeddings.backward(
        cache.embeddings, gradOutput: grad, layout: pass.layout, prompt: prompt,
        gradients: gradients)
    }
  }
}
