import TensorCore

/// A soft prompt for a decoder: `count` trainable vectors of `hidden` values, prepended to the
/// token embeddings of every sequence (they take positions `0..<count`, the tokens follow).
/// Initialised, as in prompt tuning, from the embeddings of real vocabulary tokens.
public struct DecoderSoftPrompt: Sendable, Equatable {
  public let hidden: Int
  /// `[count × hidden]`, row-major.
  public var vectors: [Float]
  /// The token ids whose embeddings the vectors started from (empty when given directly).
  public let initialTokens: [Int32]

  public var count: Int { vectors.count / hidden }

  /// The vectors a soft prompt may have: prompt tuning uses tens to a few hundred (Lester et al.
  /// up to 150), and every vector is one more row of every training and evaluation sequence
  /// (prompts are at most 256 tokens), so larger counts are refused before anything is allocated.
  public static let countLimit = 1...256

  public init(vectors: [Float], hidden: Int, initialTokens: [Int32] = []) {
    precondition(hidden > 0 && vectors.count % hidden == 0)
    self.hidden = hidden
    self.vectors = vectors
    self.initialTokens = initialTokens
  }

  /// The embeddings of `tokens` (as `forward` would embed them).
  public init(tokens: [Int32], model: LlamaModel) {
    let h = model.config.hidden
    var vectors = [Float](repeating: 0, count: tokens.count * h)
    vectors.withUnsafeMutableBufferPointer { out in
      for (r, token) in tokens.enumerated() {
        precondition(token >= 0 && Int(token) < model.config.vocabularySize, "token id \(token)")
        model.decoder.weights.embedding.dequantize(
          rows: Int(token)..<(Int(token) + 1), into: out.baseAddress.unsafelyUnwrapped + r * h)
      }
    }
    self.init(vectors: vectors, hidden: h, initialTokens: tokens)
  }

  /// `count` vectors from the embeddings of token ids drawn uniformly (seeded) from
  /// `initialisationRange`: for a vocabulary above 5,256 tokens the 5,000 ids after the first
  /// 256 (byte-level BPE: the earliest, most frequent merges, past the byte and special tokens),
  /// else the whole vocabulary.
  public init(model: LlamaModel, count: Int, seed: UInt64) {
    precondition(Self.countLimit.contains(count), "soft-prompt vectors \(count)")
    var rng = SplitMix64(seed: seed)
    let range = Self.initialisationRange(vocabularySize: model.config.vocabularySize)
    let tokens = (0..<count).map { _ in
      Int32(range.lowerBound + rng.next(below: range.count))
    }
    self.init(tokens: tokens, model: model)
  }

  public static func initialisationRange(vocabularySize v: Int) -> Range<Int> {
    v > 5256 ? 256..<5256 : 0..<v
  }
}
