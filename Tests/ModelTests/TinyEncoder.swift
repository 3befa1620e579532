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
    BertEncoder(randomWith: config, seed: seed)
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
