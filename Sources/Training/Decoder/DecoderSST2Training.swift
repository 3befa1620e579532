import Foundation
import Model

/// LoRA fine-tuning of a chat decoder on SST-2 as label-word classification: each step one
/// training review, the cross-entropy (over the whole vocabulary) of its label word's token at
/// the prompt's last position, optionally the DEFT density loss on silu(W_gate x) of the prompt;
/// Adam on every adapter (q, k, v, o, gate, up, down of every layer).
public struct DecoderSST2Training {
  public struct Options: Sendable {
    public var steps = 100
    public var rank = 8
    public var alpha: Float = 16
    public var learningRate: Float = 1e-3
    public var densityWeight: Float = 0
    public var densityEpsilon: Float = 1e-3
    public var maxPromptTokens = 256
    /// Prompt tuning (`DecoderSST2PromptTraining`): soft-prompt vectors.
    public var promptTokens = 8
    public var seed: UInt64 = 0
    public init() {}
  }

  public typealias Log = DecoderTrainingLog

  /// Trains on `train` (in a seeded order) and returns the adapted model (adapters merged into
  /// Float32 weights) and the per-step log.
  public static func train(
    model: LlamaModel, train: [Example], options: Options, progress: (Log) -> Void = { _ in }
  ) throws -> (model: LlamaModel, log: [Log]) {
    let labelTokens = try DecoderSST2Prompt.labelTokens(model)
    guard !train.isEmpty else {
      throw DecoderTaskError.noExamples(task: "SST-2 train", reason: "the training set is empty")
    }
    var lora = DecoderLoRAModel(
      model: model, rank: options.rank, alpha: options.alpha, seed: options.seed)
    var adam = DecoderLoRAAdam(lora)
    let order = ExampleOrder.permutation(count: train.count, seed: options.seed)
    var log: [Log] = []
    var cursor = 0
    for step in 0..<options.steps {
      let (ids, gold) = try nextReview(
        model: model, train: train, order: order, cursor: &cursor,
        maxPromptTokens: options.maxPromptTokens)
      let result = lora.step(
        ids: ids, positions: [ids.count - 1], targetTokens: [labelTokens[gold]],
        densityWeight: options.densityWeight, densityEpsilon: options.densityEpsilon)
      adam.update(&lora, result.gradients, learningRate: options.learningRate)
      let entry = Log(step: step + 1, result)
      log.append(entry)
      progress(entry)
    }
    return (lora.merged(into: model), log)
  }

  /// The prompt ids and class of the next review in the seeded `order` (from `cursor`, which
  /// advances) whose prompt fits in `maxPromptTokens`.
  static func nextReview(
    model: LlamaModel, train: [Example], order: [Int], cursor: inout Int, maxPromptTokens: Int
  ) throws -> (ids: [Int32], gold: Int) {
    for _ in 0..<train.count {
      let example = train[order[cursor % order.count]]
      cursor += 1
      let gold = try DecoderSST2Evaluation.classIndex(example)
      let ids = DecoderSST2Prompt.prompt(model, sentence: example.textA)
      if ids.count <= maxPromptTokens { return (ids, gold) }
    }
    throw DecoderTaskError.noExamples(
      task: "SST-2 train", reason: "no prompt within \(maxPromptTokens) tokens")
  }
}
