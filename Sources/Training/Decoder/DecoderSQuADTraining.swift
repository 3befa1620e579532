import Foundation
import Model

/// LoRA fine-tuning of a chat decoder on SQuAD as generation (the training articles of the
/// 80/20 split): each step one example, cross-entropy on the answer tokens and `<|im_end|>`,
/// optionally the DEFT density loss on silu(W_gate x); Adam on every adapter.
public struct DecoderSQuADTraining {
  public struct Options: Sendable {
    public var steps = 30
    public var rank = 8
    public var alpha: Float = 16
    public var learningRate: Float = 1e-3
    public var densityWeight: Float = 0
    public var densityEpsilon: Float = 1e-3
    public var maxTokens = 256
    public var seed: UInt64 = 0
    /// Prompt tuning (`DecoderSQuADPromptTraining`): soft-prompt vectors.
    public var promptTokens = 8
    public var split = DecoderSQuADEvaluation.Options()
    public init() {}
  }

  public typealias Log = DecoderTrainingLog

  /// One training sequence: the chat prompt of a question, its first answer and `<|im_end|>`.
  public struct Example: Sendable, Equatable {
    public var ids: [Int32]
    /// Tokens of the chat prompt (the answer starts here).
    public var promptCount: Int
    /// Positions `p` whose next token `ids[p + 1]` is scored: the answer and the end token.
    public var targets: Range<Int> { (promptCount - 1)..<(ids.count - 1) }
  }

  /// The training sequence of `e` (the same chat prompt as the evaluation's, then the first
  /// answer and the end token), or nil when it has no answer or exceeds `maxTokens`.
  public static func example(_ e: SQuADExample, model: LlamaModel, maxTokens: Int) -> Example? {
    guard let answer = e.answers.first?.text else { return nil }
    let prompt = model.encode(
      DecoderSQuADPrompt.userMessage(context: e.context, question: e.question), chat: true)
    let ids = prompt + model.tokenizer.encode(answer) + [model.tokenizer.eosTokenId]
    return ids.count <= maxTokens ? Example(ids: ids, promptCount: prompt.count) : nil
  }

  /// Trains and returns the adapted model (adapters merged into Float32 weights) and the log.
  public static func train(
    model: LlamaModel, dataset: SQuADDataset, options: Options,
    progress: (Log) -> Void = { _ in }
  ) throws -> (model: LlamaModel, log: [Log]) {
    let split = try DecoderSQuADEvaluation.heldOut(dataset, options: options.split)
    let examples = split.train.compactMap {
      example($0, model: model, maxTokens: options.maxTokens)
    }
    guard !examples.isEmpty else { return (model, []) }
    var lora = DecoderLoRAModel(
      model: model, rank: options.rank, alpha: options.alpha, seed: options.seed)
    var adam = DecoderLoRAAdam(lora)
    let order = ExampleOrder.permutation(count: examples.count, seed: options.seed)
    var log: [Log] = []
    for step in 0..<options.steps {
      let example = examples[order[step % order.count]]
      let result = lora.step(
        ids: example.ids, targets: example.targets, densityWeight: options.densityWeight,
        densityEpsilon: options.densityEpsilon)
      adam.update(&lora, result.gradients, learningRate: options.learningRate)
      let entry = Log(step: step + 1, result)
      log.append(entry)
      progress(entry)
    }
    return (lora.merged(into: model), log)
  }
}
