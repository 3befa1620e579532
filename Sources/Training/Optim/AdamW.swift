import Foundation
import TensorCore

/// Hyper-parameters of AdamW (defaults: PyTorch's `AdamW` with the paper's weight decay).
public struct AdamWConfiguration: Sendable, Equatable, Codable {
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  /// Decoupled weight decay: each step multiplies a decayed weight by `1 - lr * weightDecay`.
  public var weightDecay: Float
  /// Parameters whose name contains one of these substrings get no weight decay.
  public var noDecayNameSubstrings: [String]

  /// The usual BERT fine-tuning exclusion: biases and LayerNorm weights are not decayed.
  public static let biasAndLayerNormSubstrings = ["bias", "LayerNorm.weight", "layer_norm.weight"]

  public init(
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01,
    noDecayNameSubstrings: [String] = []
  ) {
    precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "betas must be in [0, 1)")
    precondition(epsilon > 0 && weightDecay >= 0, "epsilon must be > 0 and weightDecay >= 0")
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.noDecayNameSubstrings = noDecayNameSubstrings
  }
}

/// AdamW (Loshchilov & Hutter) exactly as PyTorch's `torch.optim.AdamW` computes it:
///
///     p ← p · (1 − lr·λ)                         (decoupled decay, skipped for no-decay names)
///     m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
///     p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
///
/// State (`m`, `v`) is kept per trainable parameter; frozen parameters are never touched. Serial
/// and deterministic.
public final class AdamW {
  public let configuration: AdamWConfiguration
  /// The trainable parameters, in the order given.
  public let parameters: [Parameter]
  /// Whether each parameter (same order) gets weight decay.
  public let decays: [Bool]
  /// Each parameter's learning rate as a multiple of the one given to ``step(learningRate:)``
  /// (1 unless set, e.g. ADA-DEFT's gates learn faster than the rest).
  public let learningRateMultipliers: [Float]
  /// Steps taken so far (`t` of the bias correction after the next step is `stepCount + 1`).
  public private(set) var stepCount: Int = 0
  private var firstMoments: [[Float]]
  private var secondMoments: [[Float]]

  /// An optimiser over the trainable ones of `parameters` (frozen ones are ignored);
  /// `learningRateMultiplier` scales the learning rate of chosen parameters.
  public init(
    parameters: [Parameter], configuration: AdamWConfiguration = AdamWConfiguration(),
    learningRateMultiplier: (Parameter) -> Float = { _ in 1 }
  ) {
    self.configuration = configuration
    self.parameters = parameters.filter(\.isTrainable)
    self.decays = self.parameters.map { p in
      !configuration.noDecayNameSubstrings.contains { p.name.contains($0) }
    }
    self.learningRateMultipliers = self.parameters.map(learningRateMultiplier)
    self.firstMoments = self.parameters.map { [Float](repeating: 0, count: $0.value.count) }
    self.secondMoments = firstMoments
  }

  /// One update of every trainable parameter from its accumulated gradient at `learningRate`.
  /// A parameter without a gradient is left unchanged (its moments are not advanced).
  public func step(learningRate: Float) {
    stepCount += 1
    let t = Double(stepCount)
    let c = configuration
    let correction1 = 1 - pow(Double(c.beta1), t)
    let correction2Sqrt = Float((1 - pow(Double(c.beta2), t)).squareRoot())
    let oneMinusBeta1 = 1 - c.beta1
    let oneMinusBeta2 = 1 - c.beta2
    for index in parameters.indices {
      let parameter = parameters[index]
      guard let gradient = parameter.gradient else { continue }
      precondition(
        gradient.count == firstMoments[index].count,
        "\(parameter.name): gradient has \(gradient.count) values, state \(firstMoments[index].count)"
      )
      let rate = learningRate * learningRateMultipliers[index]
      let stepSize = Float(Double(rate) / correction1)
      let decayFactor: Float = decays[index] ? 1 - rate * c.weightDecay : 1
      gradient.withUnsafeBufferPointer { g in
        firstMoments[index].withUnsafeMutableBufferPointer { m in
          secondMoments[index].withUnsafeMutableBufferPointer { v in
            parameter.value.withUnsafeMutableBufferPointer { p in
              for i in 0..<p.count {
                let gi = g[i]
                let mi = c.beta1 * m[i] + oneMinusBeta1 * gi
                let vi = c.beta2 * v[i] + oneMinusBeta2 * gi * gi
                m[i] = mi
                v[i] = vi
                p[i] =
                  p[i] * decayFactor - stepSize * mi
                  / (vi.squareRoot() / correction2Sqrt + c.epsilon)
              }
            }
          }
        }
      }
    }
  }

  /// Zeroes the gradients of the optimised parameters.
  public func zeroGradients() {
    for parameter in parameters { parameter.zeroGradient() }
  }

  /// The optimiser state as named tensors (`adamw.exp_avg.<name>`, `adamw.exp_avg_sq.<name>`), to
  /// be saved next to a checkpoint; `stepCount` goes into its metadata.
  public func stateTensors() -> [(name: String, tensor: Tensor)] {
    var result: [(name: String, tensor: Tensor)] = []
    for (index, parameter) in parameters.enumerated() {
      let shape = parameter.value.shape
      result.append(
        ("adamw.exp_avg.\(parameter.name)", Tensor(shape: shape, scalars: firstMoments[index])))
      result.append(
        ("adamw.exp_avg_sq.\(parameter.name)", Tensor(shape: shape, scalars: secondMoments[index]))
      )
    }
    return result
  }

  /// Restores state written by `stateTensors()`; every tensor must be present with its
  /// parameter's shape.
  public func restoreState(
    stepCount: Int, tensors: [String: Tensor], path: String
  ) throws(CheckpointError) {
    var first = firstMoments
    var second = secondMoments
    for (index, parameter) in parameters.enumerated() {
      for (kind, isFirst) in [("exp_avg", true), ("exp_avg_sq", false)] {
        let name = "adamw.\(kind).\(parameter.name)"
        guard let tensor = tensors[name] else {
          throw .missingTensor(path: path, tensor: name, expectedShape: parameter.value.shape)
        }
        guard tensor.shape == parameter.value.shape else {
          throw .shapeMismatch(
            path: path, tensor: name, expected: parameter.value.shape, found: tensor.shape)
        }
        if isFirst { first[index] = tensor.scalars } else { second[index] = tensor.scalars }
      }
    }
    precondition(stepCount >= 0, "stepCount must be >= 0, got \(stepCount)")
    firstMoments = first
    secondMoments = second
    self.stepCount = stepCount
  }
}
