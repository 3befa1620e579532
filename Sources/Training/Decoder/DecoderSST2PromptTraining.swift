import Foundation
import Model

/// Prompt tuning of a chat decoder on SST-2 as label-word classification: `promptTokens`
/// soft-prompt vectors (initialised from the embeddings of real vocabulary tokens,
/// `DecoderSoftPrompt`) go before every review's prompt; the base stays frozen and only the
/// vectors train, with the loss of `DecoderSST2Training` (the label word's cross-entropy over
/// the whole vocabulary at the last position, optionally the DEFT density loss over all rows,
/// soft prompt included) and Adam (`DecoderPromptAdam`).
public enum DecoderSST2PromptTraining {
  public typealias Log = DecoderTrainingLog

  /// Trains on `train` (in the seeded order of `DecoderSST2Training`) and returns the soft
  /// prompt and the per-step log; `options.rank`, `alpha` are unused.
  public static func train(
    model: LlamaModel, train: [Example], options: DecoderSST2Training.Options,
    progress: (Log) -> Void = { _ in }
  ) throws -> (prompt: DecoderSoftPrompt, log: [Log]) {
    let labelTokens = try DecoderSST2Prompt.labelTokens(model)
    guard !train.isEmpty else {
      throw DecoderTaskError.noExamples(task: "SST-2 train", reason: "the training set is empty")
    }
    precondition(options.promptTokens >= 1, "at least one soft-prompt vector")
    // The frozen base: LoRA of rank 1 with B = 0 is the base bit for bit, and only the prompt's
    // gradient is used.
    let frozen = DecoderLoRAModel(model: model, rank: 1, alpha: 1, seed: options.seed)
    var prompt = DecoderSoftPrompt(model: model, count: options.promptTokens, seed: options.seed)
    var adam = DecoderPromptAdam(prompt)
    let order = ExampleOrder.permutation(count: train.count, seed: options.seed)
    var log: [Log] = []
    var cursor = 0
    for step in 0..<options.steps {
      let (ids, gold) = try DecoderSST2Training.nextReview(
        model: model, train: train, order: order, cursor: &cursor,
        maxPromptTokens: options.maxPromptTokens)
      let result = frozen.step(
        ids: ids, positions: [ids.count - 1], targetTokens: [labelTokens[gold]],
        prefix: prompt.vectors, densityWeight: options.densityWeight,
        densityEpsilon: options.densityEpsilon)
      adam.update(&prompt, result.prefixGradient, learningRate: options.learningRate)
      let entry = Log(step: step + 1, result)
      log.append(entry)
      progress(entry)
    }
    return (prompt, log)
  }
}
