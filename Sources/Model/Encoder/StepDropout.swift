import TensorCore

/// The dropout of one training step: the step's seed and the model's rates. Inference passes
/// none. Masks are drawn per (site, global row), see `Dropout`.
public struct StepDropout: Sendable, Equatable {
  public let seed: UInt64
  /// `hidden_dropout_prob`: after embeddings, attention output and MLP output, before the head.
  public let hiddenRate: Float
  /// `attention_probs_dropout_prob`: on attention probabilities.
  public let attentionRate: Float

  public init(seed: UInt64, hiddenRate: Float, attentionRate: Float) {
    self.seed = seed
    self.hiddenRate = hiddenRate
    self.attentionRate = attentionRate
  }

  /// The step seed of training step `step` of a run seeded `runSeed`.
  public init(runSeed: UInt64, step: Int, config: BertConfig) {
    var g = SplitMix64.stream(seed: runSeed, label: 0x4452_4F50 &+ UInt64(step) << 32)  // "DROP"
    self.init(
      seed: g.next(), hiddenRate: config.hiddenDropoutProb,
      attentionRate: config.attentionProbsDropoutProb)
  }

  public var hidden: Dropout { Dropout(rate: hiddenRate, seed: seed) }
  public var attention: Dropout { Dropout(rate: attentionRate, seed: seed) }
  public func rate(_ rate: Float) -> Dropout { Dropout(rate: rate, seed: seed) }
}

/// Distinct dropout sites, so that no two draw the same mask.
public enum DropoutSite {
  public static let embeddings: UInt64 = 0xFFFF_0001
  public static let classifier: UInt64 = 0xFFFF_0002
  static func layer(_ l: Int) -> UInt64 { UInt64(l) << 16 }
  public static func attentionProbabilities(layer l: Int) -> UInt64 { layer(l) | 0x100 }
  public static func attentionOutput(layer l: Int) -> UInt64 { layer(l) | 1 }
  public static func mlpOutput(layer l: Int) -> UInt64 { layer(l) | 2 }
  public static func lora(layer l: Int, target: LoRATarget) -> UInt64 {
    layer(l) | (0x10 + UInt64(LoRATarget.allCases.firstIndex(of: target) ?? 0))
  }
}
