import Model
import NumericalGradient
import TensorCore
import Testing
import Training

/// Finite-difference checks of a whole training step: task loss (cross-entropy, MSE, span) through
/// its head, DEFT's density loss and ADA-DEFT's gate penalty, data-parallel over two groups, with
/// dropout. The analytic gradients `accumulateGradients` leaves in every trainable parameter
/// match central differences of the total loss it returns. (The whole step runs in Float, so the
/// tolerance is 2% of the largest slope plus 2e-4: Float rounding of a loss near 1 limits the
/// finite differences; the layer-level checks in ModelTests are tighter.)
@Suite struct TrainingGradientTests {
  static let config = BertConfig(
    vocabSize: 24, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 12,
    maxPositionEmbeddings: 40, layerNormEps: 1e-5)

  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var task: TrainingTask
    var peft: PEFTConfiguration
    var density: DensityLoss?
    var targets: [TrainingTarget]
    /// Per-layer ε of the int8 loss.
    var layerEpsilons: [Float]? = nil
    /// Distillation targets `[3, classes]` (weight 0.7, T = 2).
    var teacherLogits: [Float]? = nil
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "classification, LoRA, DEFT ε=1e-2, ADA gates", task: .glue(.sst2),
      peft: PEFTConfiguration(
        method: .lora, loraRank: 2, ada: ADAConfiguration(initialLogit: 0.5, penaltyWeight: 0.3)),
      density: DensityLoss(weight: 0.5, epsilon: 1e-2),
      targets: [.classIndex(0), .classIndex(1), .classIndex(1)]),
    Case(
      name: "regression, adapter, DEFT with padding", task: .glue(.stsb),
      peft: PEFTConfiguration(method: .adapter, adapterReductionFactor: 2),
      density: DensityLoss(weight: 1, epsilon: 1e-1, includePadding: true),
      targets: [.score(1.5), .score(4.0), .score(0.5)]),
    Case(
      name: "span, prefix tuning", task: .squad,
      peft: PEFTConfiguration(method: .prefix, prefixLength: 2), density: nil,
      targets: [.span(start: 1, end: 2), .span(start: 0, end: 0), .span(start: 2, end: 4)]),
    Case(
      name: "classification, prompt tuning, DEFT", task: .glue(.mrpc),
      peft: PEFTConfiguration(method: .prompt, promptTokens: 2),
      density: DensityLoss(weight: 1, epsilon: 1e-2),
      targets: [.classIndex(1), .classIndex(0), .classIndex(1)]),
    Case(
      name: "classification, LoRA, block-3 loss", task: .glue(.sst2),
      peft: PEFTConfiguration(method: .lora, loraRank: 2, loraTargets: [.query, .mlpUp]),
      density: DensityLoss(weight: 0.8, epsilon: 3e-2, kind: .block, blockSize: 3),
      targets: [.classIndex(0), .classIndex(1), .classIndex(1)]),
    Case(
      name: "classification, LoRA, tile-2 loss", task: .glue(.sst2),
      peft: PEFTConfiguration(method: .lora, loraRank: 2, loraTargets: [.value, .mlpUp]),
      density: DensityLoss(weight: 0.8, epsilon: 3e-2, kind: .tile, tileTokens: 2),
      targets: [.classIndex(1), .classIndex(0), .classIndex(1)]),
    Case(
      name: "classification, LoRA, int8 loss with per-layer ε", task: .glue(.sst2),
      peft: PEFTConfiguration(method: .lora, loraRank: 2, loraTargets: [.mlpUp, .mlpDown]),
      density: DensityLoss(weight: 0.8, epsilon: 1e-7, kind: .int8),
      targets: [.classIndex(1), .classIndex(1), .classIndex(0)], layerEpsilons: [4e-3, 2e-2]),
    Case(
      name: "classification, LoRA, distillation T=2 with DEFT", task: .glue(.sst2),
      peft: PEFTConfiguration(method: .lora, loraRank: 2, loraTargets: [.value, .mlpUp]),
      density: DensityLoss(weight: 0.5, epsilon: 1e-2),
      targets: [.classIndex(0), .classIndex(1), .classIndex(1)],
      teacherLogits: [1.5, -0.5, -1, 2, 0.3, 0.2]),
  ]

  static func examples(_ targets: [TrainingTarget]) -> [TrainingExample] {
    let encodings = [
      Encoding(inputIds: [1, 5, 9, 3, 2], tokenTypeIds: [0, 0, 0, 0, 0], tokens: []),
      Encoding(inputIds: [1, 7, 2], tokenTypeIds: [0, 0, 0], tokens: []),
      Encoding(
        inputIds: [1, 4, 11, 2, 13, 6, 2], tokenTypeIds: [0, 0, 0, 0, 1, 1, 1], tokens: []),
    ]
    return zip(encodings, targets).map { TrainingExample(encoding: $0, target: $1) }
  }

  @Test(arguments: cases)
  func stepGradientsMatchFiniteDifferences(_ c: Case) {
    let encoder = BertEncoder(randomWith: Self.config, seed: 1)
    let model = TaskModel(encoder: encoder, task: c.task, configuration: c.peft, seed: 3)
    var g = SplitMix64(seed: 5)
    for layer in model.peft.layers {
      for lora in layer.lora.values.sorted(by: { $0.b.name < $1.b.name }) {
        lora.b.value = Tensor(
          shape: lora.b.value.shape, scalars: lora.b.value.scalars.map { _ in 0.3 * g.nextNormal() }
        )
      }
      if let adapter = layer.adapter {
        adapter.up.weight.value = Tensor(
          shape: adapter.up.weight.value.shape,
          scalars: adapter.up.weight.value.scalars.map { _ in 0.3 * g.nextNormal() })
        adapter.down.bias?.value.scalars = adapter.down.bias?.value.scalars.map { _ in 0.5 } ?? []
      }
    }
    let examples = ArraySlice(Self.examples(c.targets))
    let dropout = StepDropout(seed: 9, hiddenRate: 0.1, attentionRate: 0.1)
    let parameters = model.trainableParameters
    func step() -> StepLosses {
      for p in parameters { p.zeroGradient() }
      return model.accumulateGradients(
        examples, dropout: dropout, densityLoss: c.density,
        gatePenaltyWeight: c.peft.ada?.penaltyWeight, threads: 2, layerEpsilons: c.layerEpsilons,
        distillation: c.teacherLogits.map {
          (
            DistillationLoss(teacherCheckpoint: "-", weight: 0.7, temperature: 2),
            Tensor(shape: [3, 2], scalars: $0)
          )
        })
    }
    let losses = step()
    #expect(losses.task > 0)
    if c.density != nil { #expect(losses.density > 0) }
    if c.teacherLogits != nil { #expect(losses.distillation > 0) }
    let analytic = parameters.map { $0.gradient ?? Tensor(zeros: $0.value.shape) }
    for (p, gradient) in zip(parameters, analytic) {
      let outcome = CentralDifference.compare(
        p.name, analytic: gradient.scalars, count: p.value.count,
        get: { p.value.scalars[$0] }, set: { p.value.scalars[$0] = $1 }, loss: { step().total })
      #expect(outcome.passes(relative: 2e-2, absolute: 2e-4), "\(c.name): \(outcome)")
    }
  }

  /// One thread and two give the same losses and gradients up to summation order.
  @Test func dataParallelEqualsSingleThread() {
    let encoder = BertEncoder(randomWith: Self.config, seed: 2)
    let model = TaskModel(
      encoder: encoder, task: .glue(.sst2),
      configuration: PEFTConfiguration(method: .lora, loraRank: 2),
      seed: 1)
    let examples = ArraySlice(Self.examples([.classIndex(0), .classIndex(1), .classIndex(1)]))
    var results: [(Double, [Float])] = []
    for threads in [1, 2] {
      for p in model.trainableParameters { p.zeroGradient() }
      let l = model.accumulateGradients(
        examples, dropout: StepDropout(seed: 4, hiddenRate: 0.1, attentionRate: 0.1),
        densityLoss: DensityLoss(epsilon: 1e-2), gatePenaltyWeight: nil, threads: threads)
      results.append((l.total, model.trainableParameters.flatMap { $0.gradient?.scalars ?? [] }))
    }
    #expect(abs(results[0].0 - results[1].0) < 1e-6)
    let difference = zip(results[0].1, results[1].1).map { abs($0 - $1) }.max() ?? 0
    #expect(difference < 1e-5)
  }
}
