import Foundation
import Model

/// Adam (β 0.9 / 0.999, ε 1e-8, bias-corrected, as `DecoderLoRAAdam`) on the vectors of a
/// `DecoderSoftPrompt`: the optimiser of decoder prompt tuning.
public struct DecoderPromptAdam: Sendable {
  var m: [Float]
  var v: [Float]
  var t = 0

  public init(_ prompt: DecoderSoftPrompt) {
    m = [Float](repeating: 0, count: prompt.vectors.count)
    v = m
  }

  public mutating func update(
    _ prompt: inout DecoderSoftPrompt, _ gradient: [Float], learningRate: Float
  ) {
    precondition(gradient.count == prompt.vectors.count)
    t += 1
    let (beta1, beta2, eps): (Float, Float, Float) = (0.9, 0.999, 1e-8)
    let c1 = 1 - pow(beta1, Float(t))
    let c2 = 1 - pow(beta2, Float(t))
    for i in gradient.indices {
      m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
      v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
      prompt.vectors[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
    }
  }
}
