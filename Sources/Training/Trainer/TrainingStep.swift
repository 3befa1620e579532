import Model
import TensorCore

/// What one training step measured (losses are batch means).
public struct StepLosses: Sendable, Equatable {
  public var task: Double = 0
  /// λ · mean soft non-zero fraction (0 when DEFT is off).
  public var density: Double = 0
  /// ADA-DEFT: weight · mean gate value.
  public var gatePenalty: Double = 0
  /// Distillation from a teacher's logits.
  public var distillation: Double = 0
  public var total: Double { task + density + gatePenalty + distillation }
  /// Rows processed (prompt + real tokens + any padding).
  public var rows = 0

  static func + (a: StepLosses, b: StepLosses) -> StepLosses {
    StepLosses(
      task: a.task + b.task, density: a.density + b.density,
      gatePenalty: a.gatePenalty + b.gatePenalty, distillation: a.distillation + b.distillation,
      rows: a.rows + b.rows)
  }
}

extension TaskModel {
  /// Forward and backward of one batch, data-parallel over `threads` groups of sequences (each
  /// with its own gradient store, summed into the parameters' gradients in a fixed order).
  /// Dropout masks are keyed by global row, so the result does not depend on the split beyond
  /// floating-point summation order. Returns the losses; gradients are accumulated into
  /// `parameter.gradient` of every trainable parameter. `layerEpsilons` (one per layer) replace
  /// the density loss's ε (the int8 loss).
  public func accumulateGradients(
    _ examples: ArraySlice<TrainingExample>, dropout: StepDropout?, densityLoss: DensityLoss?,
    gatePenaltyWeight: Float?, threads: Int, layerEpsilons: [Float]? = nil,
    distillation: (loss: DistillationLoss, teacherLogits: Tensor)? = nil
  ) -> StepLosses {
    precondition(
      layerEpsilons.map { $0.count == encoder.layers.count } ?? true,
      "one density ε per layer expected")
    var batch = PackedBatch(examples.map(\.encoding))
    if densityLoss?.includePadding == true { batch = batch.padded(padId: 0) }
    let targets = examples.map(\.target)
    let promptTokens = peft.promptTokens
    let fullLayout = SequenceLayout(batch: batch, promptTokens: promptTokens)
    let densityNormalizer =
      (densityLoss?.itemCount(fullLayout, units: encoder.config.intermediateSize) ?? 0)
      * encoder.layers.count
    let groups = batch.split(into: threads)
    let parameters = trainableParameters
    let results = Parallel.map(groups.count) { g -> (StepLosses, GradientStore) in
      let range = groups[g]
      let store = GradientStore(parameters: parameters)
      let losses = forwardBackward(
        batch.sequences(range), targets: Array(targets[range]),
        firstRow: fullLayout.offsets[range.lowerBound], firstSequence: range.lowerBound,
        sequenceNormalizer: batch.sequenceCount, densityNormalizer: densityNormalizer,
        dropout: dropout, densityLoss: densityLoss, layerEpsilons: layerEpsilons,
        distillation: distillation.map { ($0.loss, $0.teacherLogits.rowSlice(range)) },
        gradients: store)
      return (losses, store)
    }
    var total = StepLosses()
    for (losses, store) in results {
      total = total + losses
      store.addIntoParameterGradients()
    }
    if let weight = gatePenaltyWeight {
      total.gatePenalty = addGatePenalty(weight: weight)
    }
    return total
  }

  /// ADA-DEFT's L1 penalty `weight · mean_l g_l` (gates are positive): adds its gradient to the
  /// gate logits and returns its value.
  func addGatePenalty(weight: Float) -> Double {
    let gates = peft.layers.compactMap(\.gate)
    guard !gates.isEmpty else { return 0 }
    var value = 0.0
    for gate in gates {
      let g = gate.value
      value += Double(weight * g) / Double(gates.count)
      gate.logit.gradient?.scalars[0] += weight / Float(gates.count) * g * (1 - g)
    }
    return value
  }

  /// One group's forward and backward pass into `gradients`.
  func forwardBackward(
    _ batch: PackedBatch, targets: [TrainingTarget], firstRow: Int, firstSequence: Int,
    sequenceNormalizer: Int, densityNormalizer: Int, dropout: StepDropout?,
    densityLoss: DensityLoss?, layerEpsilons: [Float]? = nil,
    distillation: (loss: DistillationLoss, teacherLogits: Tensor)? = nil,
    gradients: GradientStore
  ) -> StepLosses {
    let pass = encoder.run(
      batch, peft: peft,
      options: EncoderPassOptions(dropout: dropout, firstRow: firstRow, keepCache: true))
    var losses = StepLosses(rows: pass.layout.rowCount)
    let gradHidden: Tensor
    switch head {
    case .classification(let classifier):
      let (logits, cache) = classifier.forward(
        hidden: pass.output.hidden, layout: pass.layout, dropout: dropout,
        firstSequence: firstSequence, keepCache: true)
      var (loss, gradLogits) = classificationLoss(logits, targets, normalizer: sequenceNormalizer)
      losses.task = loss
      if let distillation {
        let (value, gradient) = distillation.loss.evaluate(
          student: logits, teacher: distillation.teacherLogits, normalizer: sequenceNormalizer)
        losses.distillation = value
        gradLogits.addElementwise(gradient)
      }
      guard let cache else { preconditionFailure("head cache missing") }
      gradHidden = classifier.backward(
        cache, gradLogits: gradLogits, layout: pass.layout, gradients: gradients)
    case .span(let spanHead):
      let logits = spanHead.forward(hidden: pass.output.hidden)
      var starts: [Int] = []
      var ends: [Int] = []
      for t in targets {
        guard case .span(let s, let e) = t else {
          preconditionFailure("span head needs span targets")
        }
        starts.append(s)
        ends.append(e)
      }
      let (loss, gradLogits) = TaskLoss.span(
        logits: logits, layout: pass.layout, starts: starts, ends: ends,
        normalizer: sequenceNormalizer)
      losses.task = loss
      gradHidden = spanHead.backward(
        hidden: pass.output.hidden, gradLogits: gradLogits, gradients: gradients)
    }
    var gradActivations: [Tensor]?
    if let densityLoss {
      gradActivations = []
      for (l, a) in pass.output.mlpActivations.enumerated() {
        let (value, gradient) = densityLoss.evaluate(
          activations: a, layout: pass.layout, normalizer: densityNormalizer, gradient: true,
          layerEpsilon: layerEpsilons?[l])
        losses.density += value
        gradActivations?.append(gradient ?? Tensor(zeros: a.shape))
      }
    }
    encoder.backward(
      pass, gradHidden: gradHidden, gradActivations: gradActivations, peft: peft,
      gradients: gradients)
    return losses
  }

  func classificationLoss(_ logits: Tensor, _ targets: [TrainingTarget], normalizer: Int) -> (
    Double, Tensor
  ) {
    if case .regression = task.headKind {
      let scores = targets.map { t -> Float in
        guard case .score(let s) = t else { preconditionFailure("regression needs score targets") }
        return s
      }
      return TaskLoss.meanSquaredError(predictions: logits, targets: scores, normalizer: normalizer)
    }
    let labels = targets.map { t -> Int in
      guard case .classIndex(let c) = t else {
        preconditionFailure("classification needs class targets")
      }
      return c
    }
    return TaskLoss.crossEntropy(logits: logits, labels: labels, normalizer: normalizer)
  }
}
