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
    public var split = DecoderSQuADEvaluation.Options()
    public init() {}
  }

  public struct Log: Sendable {
    public var step: Int
    public var taskLoss: Double
    public var densityLoss: Double
    public var density: Double
  }

  /// Trains and returns the adapted model (adapters merged into Float32 weights) and the log.
  public static func train(
    model: LlamaModel, dataset: SQuADDataset, options: Options,
    progress: (Log) -> Void = { _ in }
  ) throws -> (model: LlamaModel, log: [Log]) {
    let split = try DecoderSQuADEvaluation.heldOut(dataset, options: options.split)
    var examples: [(ids: [Int32], answerStart: Int)] = []
    for e in split.train {
      let prompt = model.encode(
        DecoderSQuADPrompt.userMessage(context: e.context, question: e.question), chat: true)
      guard let answer = e.answers.first?.text else { continue }
      let ids = prompt + model.tokenizer.encode(answer) + [model.tokenizer.eosTokenId]
      if ids.count <= options.maxTokens { examples.append((ids, prompt.count)) }
    }
    guard !examples.isEmpty else { return (model, []) }
    var lora = DecoderLoRAModel(
      model: model, rank: options.rank, alpha: options.alpha, seed: options.seed)
    var adam = AdamState(lora)
    let order = ExampleOrder.permutation(count: examples.count, seed: options.seed)
    var log: [Log] = []
    for step in 0..<options.steps {
      let example = examples[order[step % order.count]]
      // Position p predicts ids[p + 1]: the answer and the end token.
      let targets = (example.answerStart - 1)..<(example.ids.count - 1)
      let result = lora.step(
        ids: example.ids, targets: targets, densityWeight: options.densityWeight,
        densityEpsilon: options.densityEpsilon)
      adam.update(&lora, result.gradients, learningRate: options.learningRate)
      let entry = Log(
        step: step + 1, taskLoss: result.taskLoss, densityLoss: result.densityLoss,
        density: result.density)
      log.append(entry)
      progress(entry)
    }
    return (lora.merged(into: model), log)
  }

  /// Adam moments of every adapter matrix.
  struct AdamState {
    var m: [[[Float]]]
    var v: [[[Float]]]
    var t = 0

    init(_ lora: DecoderLoRAModel) {
      m = lora.blocks.map { b in b.linears.flatMap { [$0.a.map { _ in 0 }, $0.b.map { _ in 0 }] } }
      v = m
    }

    mutating func update(
      _ lora: inout DecoderLoRAModel, _ grads: [[LoRALinear.Gradients]], learningRate: Float
    ) {
      t += 1
      let (beta1, beta2, eps): (Float, Float, Float) = (0.9, 0.999, 1e-8)
      let c1 = 1 - pow(beta1, Float(t))
      let c2 = 1 - pow(beta2, Float(t))
      for l in lora.blocks.indices {
        for k in lora.blocks[l].linears.indices {
          for (slot, g) in [(2 * k, grads[l][k].a), (2 * k + 1, grads[l][k].b)] {
            for i in g.indices {
              m[l][slot][i] = beta1 * m[l][slot][i] + (1 - beta1) * g[i]
              v[l][slot][i] = beta2 * v[l][slot][i] + (1 - beta2) * g[i] * g[i]
              let delta =
                learningRate * (m[l][slot][i] / c1) / ((v[l][slot][i] / c2).squareRoot() + eps)
              if slot % 2 == 0 {
                lora.blocks[l].linears[k].a[i] -= delta
              } else {
                lora.blocks[l].linears[k].b[i] -= delta
              }
            }
          }
        }
      }
    }
  }
}
