import Model
import TensorCore

/// A small random BERT encoder for gradient checks and identities: 2 layers, hidden 8, 2 heads,
/// intermediate 12, vocabulary 24. Weights are drawn from a seeded generator so every test run
/// sees the same model.
enum TinyEncoder {
  static let config = BertConfig(
    vocabSize: 24, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 12,
    maxPositionEmbeddings: 40, typeVocabSize: 2, layerNormEps: 1e-5, hiddenDropoutProb: 0.1,
    attentionProbsDropoutProb: 0.1)

  static func make(seed: UInt64 = 1) -> BertEncoder {
    var g = SplitMix64(seed: seed)
    let c = config
    func tensor(_ shape: [Int], std: Float, mean: Float = 0) -> Tensor {
      Tensor(
        shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in mean + std * g.nextNormal() })
    }
    func param(_ name: String, _ shape: [Int], std: Float = 0.4, mean: Float = 0) -> Parameter {
      Parameter(name: name, value: tensor(shape, std: std, mean: mean))
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
      word: param("embeddings.word_embeddings.weight", [c.vocabSize, d]),
      position: param("embeddings.position_embeddings.weight", [c.maxPositionEmbeddings, d]),
      tokenType: param("embeddings.token_type_embeddings.weight", [c.typeVocabSize, d]),
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
    return BertEncoder(
      config: c, embeddings: embeddings, layers: layers,
      pooler: linear("pooler.dense", out: d, in: d))
  }

  /// Three sequences of 5, 3 and 7 tokens (ids in the vocabulary, a pair with type ids 1).
  static func batch() -> PackedBatch {
    PackedBatch([
      Encoding(inputIds: [1, 5, 9, 3, 2], tokenTypeIds: [0, 0, 0, 0, 0], tokens: []),
      Encoding(inputIds: [1, 7, 2], tokenTypeIds: [0, 0, 0], tokens: []),
      Encoding(
        inputIds: [1, 4, 11, 2, 13, 6, 2], tokenTypeIds: [0, 0, 0, 0, 1, 1, 1], tokens: []),
    ])
  }

  /// Makes every LoRA B (zero at initialisation) random so that gradients of A are non-zero.
  static func randomizeLoRA(_ peft: PEFTModules, seed: UInt64) {
    var g = SplitMix64(seed: seed)
    for layer in peft.layers {
      for target in LoRATarget.allCases {
        guard let lora = layer.lora[target] else { continue }
        lora.b.value = Tensor(
          shape: lora.b.value.shape, scalars: lora.b.value.scalars.map { _ in 0.3 * g.nextNormal() }
        )
      }
      if let adapter = layer.adapter {
        adapter.up.weight.value = Tensor(
          shape: adapter.up.weight.value.shape,
          scalars: adapter.up.weight.value.scalars.map { _ in 0.3 * g.nextNormal() })
        // A positive down bias keeps the ReLU away from its kink for the finite differences.
        adapter.down.bias?.value = Tensor(
          shape: adapter.down.bias?.value.shape ?? [0],
          scalars: (adapter.down.bias?.value.scalars ?? []).map { _ in 0.5 + 0.1 * g.nextNormal() })
      }
    }
  }
}
