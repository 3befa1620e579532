import Foundation
import Model

/// Adam (β 0.9 / 0.999, ε 1e-8, bias-corrected) on every adapter matrix of a
/// `DecoderLoRAModel`: the decoder trainer's optimiser, also used by `bench train`.
public struct DecoderLoRAAdam: Sendable {
  var m: [[[Float]]]
  var v: [[[Float]]]
  var t = 0

  public init(_ lora: DecoderLoRAModel) {
    m = lora.blocks.map { b in b.linears.flatMap { [$0.a.map { _ in 0 }, $0.b.map { _ in 0 }] } }
    v = m
  }

  public mutating func update(
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
