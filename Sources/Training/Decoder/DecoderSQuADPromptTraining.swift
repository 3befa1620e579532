import Foundation
import Model

/// Prompt tuning of a chat decoder on SQuAD as generation: `promptTokens` soft-prompt vectors
/// (`DecoderSoftPrompt`) before every training sequence of `DecoderSQuADTraining` (its examples,
/// order and loss: the answer tokens and `<|im_end|>`, optionally the DEFT density loss over all
/// rows, soft prompt included); the base stays frozen, Adam (`DecoderPromptAdam`) on the vectors.
public enum DecoderSQuADPromptTraining {
  public typealias Log = DecoderTrainingLog

  /// Trains and returns the soft prompt and the log; `options.rank`, `alpha` are unused.
  public static func train(
    model: LlamaModel, dataset: SQuADDataset, options: DecoderSQuADTraining.Options,
    progress: (Log) -> Void = { _ in }
  ) throws -> (prompt: DecoderSoftPrompt, log: [Log]) {
    precondition(options.promptTokens >= 1, "at least one soft-prompt vector")
    var prompt = DecoderSoftPrompt(model: model, count: options.promptTokens, seed: options.seed)
    let split = try DecoderSQuADEvaluation.heldOut(dataset, options: options.split)
    let examples = split.train.compactMap {
      DecoderSQuADTraining.example($0, model: model, maxTokens: options.maxTokens)
    }
    guard !examples.isEmpty else { return (prompt, []) }
    // The frozen base: LoRA of rank 1 with B = 0 is the base bit for bit, and only the prompt's
    // gradient is used.
    let frozen = DecoderLoRAModel(model: model, rank: 1, alpha: 1, seed: options.seed)
    var adam = DecoderPromptAdam(prompt)
    let order = ExampleOrder.permutation(count: examples.count, seed: options.seed)
    var log: [Log] = []
    for step in 0..<options.steps {
      let example = examples[order[step % order.count]]
      let targets = example.targets
      let result = frozen.step(
        ids: example.ids, positions: Array(targets),
        targetTokens: targets.map { example.ids[$0 + 1] }, prefix: prompt.vectors,
        densityWeight: options.densityWeight, densityEpsilon: options.densityEpsilon)
      adam.update(&prompt, result.prefixGradient, learningRate: options.learningRate)
      let entry = Log(step: step + 1, result)
      log.append(entry)
      progress(entry)
    }
    return (prompt, log)
  }
}
