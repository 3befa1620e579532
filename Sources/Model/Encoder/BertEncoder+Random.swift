import TensorCore

extension BertEncoder {
  /// A randomly initialised encoder of `config` (weights normal with standard deviation
  /// 1/√fan-in, biases and LayerNorm shifts normal(0, 0.1), LayerNorm scales normal(1, 0.1),
  /// embeddings normal(0, 0.4)), drawn from `seed`: for gradient checks, tests and benchmarks
  /// that need a model without a checkpoint.
  public convenience init(randomWith c: BertConfig, seed: UInt64) {
    var g = SplitMix64(seed: seed)
    func param(_ name: String, _ shape: [Int], std: Float, mean: Float = 0) -> Parameter {
      Parameter(
        name: name,
        value: Tensor(
          shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in mean + std * g.nextNormal() }))
    }
    func linear(_ name: String, out: Int, in inFeatures: Int) -> Linear {
      Linear(
        weight: param(
          name + ".weight", [out, inFeatures], std: 1 / Float(inFeatures).squareRoot()),
        bias: param(name + ".bias", [out], std: 0.1))
    }
    func norm(_ name: String) -> LayerNorm {
      LayerNorm(
        gamma: param(name + ".weight", [c.hiddenSize], std: 0.1, mean: 1),
        beta: param(name + ".bias", [c.hiddenSize], std: 0.1), epsilon: c.layerNormEps)
    }
    let d = c.hiddenSize
    let embeddings = Embeddings(
      word: param("embeddings.word_embeddings.weight", [c.vocabSize, d], std: 0.4),
      position: param(
        "embeddings.position_embeddings.weight", [c.maxPositionEmbeddings, d], std: 0.4),
      tokenType: param("embeddings.token_type_embeddings.weight", [c.typeVocabSize, d], std: 0.4),
      norm: norm("embeddings.LayerNorm"))
    let layers = (0..<c.numHiddenLayers).map { i in
      let p = "encoder.layer.\(i)"
      return EncoderLayer(
        attention: SelfAttention(
          query: linear(p + ".attention.self.query", out: d, in: d),
          key: linear(p + ".attention.self.key", out: d, in: d),
          value: linear(p + ".attention.self.value", out: d, in: d), heads: c.numAttentionHeads),
        attentionOutput: linear(p + ".attention.output.dense", out: d, in: d),
        attentionNorm: norm(p + ".attention.output.LayerNorm"),
        intermediate: linear(p + ".intermediate.dense", out: c.intermediateSize, in: d),
        output: linear(p + ".output.dense", out: d, in: c.intermediateSize),
        outputNorm: norm(p + ".output.LayerNorm"))
    }
    self.init(
      config: c, embeddings: embeddings, layers: layers,
      pooler: linear("pooler.dense", out: d, in: d))
  }
}
