import TensorCore

/// Prompt tuning (Lester et al. 2021): `n` trainable virtual token embeddings prepended to every
/// sequence's word embeddings. They take positions `0..<n` and token type 0, like Hugging Face
/// PEFT (which prepends to `inputs_embeds`); the real `[CLS]` follows at position `n`.
public final class PromptTuning {
  /// `[n, D]`.
  public let embeddings: Parameter
  public var tokenCount: Int { embeddings.value.dim(0) }

  public init(embeddings: Parameter) {
    precondition(embeddings.value.shape.count == 2, "prompt embeddings must be [n, D]")
    self.embeddings = embeddings
  }

  /// `n` virtual tokens initialised from the word embeddings of `n` vocabulary entries drawn
  /// uniformly at random (PEFT's `RANDOM`-from-vocabulary style: in-distribution starting points).
  public convenience init(tokens n: Int, wordEmbeddings: Tensor, generator: inout SplitMix64) {
    let vocab = wordEmbeddings.dim(0)
    let d = wordEmbeddings.dim(1)
    var values: [Float] = []
    values.reserveCapacity(n * d)
    for _ in 0..<n {
      let row = generator.next(below: vocab)
      values += wordEmbeddings.scalars[(row * d)..<((row + 1) * d)]
    }
    self.init(
      embeddings: Parameter(
        name: "prompt_embeddings", value: Tensor(shape: [n, d], scalars: values),
        isTrainable: true))
  }
}
