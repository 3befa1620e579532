import TensorCore

extension BertEncoder {
  /// Builds the encoder from a safetensors checkpoint, checking every tensor's shape against
  /// `config`. Accepts both `embeddings.…` and `bert.embeddings.…` names.
  public convenience init(config c: BertConfig, weights: SafeTensorsFile) throws(ModelError) {
    let prefix = weights.contains("bert.embeddings.word_embeddings.weight") ? "bert." : ""
    func param(_ name: String, _ shape: [Int]) throws(ModelError) -> Parameter {
      Parameter(name: name, value: try weights.tensor(prefix + name, expectedShape: shape))
    }
    func linear(_ name: String, out: Int, in inFeatures: Int) throws(ModelError) -> Linear {
      Linear(
        weight: try param("\(name).weight", [out, inFeatures]),
        bias: try param("\(name).bias", [out]))
    }
    func norm(_ name: String) throws(ModelError) -> LayerNorm {
      LayerNorm(
        gamma: try param("\(name).weight", [c.hiddenSize]),
        beta: try param("\(name).bias", [c.hiddenSize]), epsilon: c.layerNormEps)
    }
    let d = c.hiddenSize
    let embeddings = Embeddings(
      word: try param("embeddings.word_embeddings.weight", [c.vocabSize, d]),
      position: try param("embeddings.position_embeddings.weight", [c.maxPositionEmbeddings, d]),
      tokenType: try param("embeddings.token_type_embeddings.weight", [c.typeVocabSize, d]),
      norm: try norm("embeddings.LayerNorm"))
    var layers: [EncoderLayer] = []
    for i in 0..<c.numHiddenLayers {
      let p = "encoder.layer.\(i)"
      let attention = SelfAttention(
        query: try linear("\(p).attention.self.query", out: d, in: d),
        key: try linear("\(p).attention.self.key", out: d, in: d),
        value: try linear("\(p).attention.self.value", out: d, in: d),
        heads: c.numAttentionHeads)
      layers.append(
        EncoderLayer(
          attention: attention,
          attentionOutput: try linear("\(p).attention.output.dense", out: d, in: d),
          attentionNorm: try norm("\(p).attention.output.LayerNorm"),
          intermediate: try linear("\(p).intermediate.dense", out: c.intermediateSize, in: d),
          output: try linear("\(p).output.dense", out: d, in: c.intermediateSize),
          outputNorm: try norm("\(p).output.LayerNorm")))
    }
    let pooler =
      weights.contains(prefix + "pooler.dense.weight")
      ? try linear("pooler.dense", out: d, in: d) : nil
    self.init(config: c, embeddings: embeddings, layers: layers, pooler: pooler)
  }
}
