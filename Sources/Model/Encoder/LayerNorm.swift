import TensorCore

/// Layer normalisation over the last dimension with learnable scale γ and shift β.
public final class LayerNorm {
  public let gamma: Parameter
  public let beta: Parameter
  public let epsilon: Float
  public var features: Int { gamma.value.count }

  public init(gamma: Parameter, beta: Parameter, epsilon: Float) {
    precondition(gamma.value.shape == beta.value.shape, "LayerNorm γ and β shapes differ")
    self.gamma = gamma
    self.beta = beta
    self.epsilon = epsilon
  }

  /// Normalises `rows` rows; fills `statistics` (mean, 1/std per row) when given.
  public func forward(
    _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, rows: Int,
    statistics: inout LayerNormStatistics?
  ) {
    gamma.value.withUnsafeBufferPointer { g in
      beta.value.withUnsafeBufferPointer { b in
        if statistics != nil {
          var stats = LayerNormStatistics(rows: rows)
          stats.mean.withUnsafeMutableBufferPointer { m in
            stats.reciprocalStd.withUnsafeMutableBufferPointer { r in
              LayerNormKernel.forward(
                input: x, output: y, rows: rows, features: features,
                gamma: g.baseAddress.unsafelyUnwrapped, beta: b.baseAddress.unsafelyUnwrapped,
                epsilon: epsilon, mean: m.baseAddress, reciprocalStd: r.baseAddress)
            }
          }
          statistics = stats
        } else {
          LayerNormKernel.forward(
            input: x, output: y, rows: rows, features: features,
            gamma: g.baseAddress.unsafelyUnwrapped, beta: b.baseAddress.unsafelyUnwrapped,
            epsilon: epsilon)
        }
      }
    }
  }

  /// `dX` from `dY` (may alias) given the forward input and statistics; γ, β gradients only
  /// when `gradients` holds them.
  public func backward(
    input x: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>, rows: Int, statistics: LayerNormStatistics,
    gradients: GradientStore
  ) {
    gamma.value.withUnsafeBufferPointer { g in
      statistics.mean.withUnsafeBufferPointer { m in
        statistics.reciprocalStd.withUnsafeBufferPointer { r in
          LayerNormKernel.backward(
            input: x, gradOutput: dy, gradInput: dx, rows: rows, features: features,
            gamma: g.baseAddress.unsafelyUnwrapped, mean: m.baseAddress.unsafelyUnwrapped,
            reciprocalStd: r.baseAddress.unsafelyUnwrapped,
            gradGamma: gradients.buffer(for: gamma), gradBeta: gradients.buffer(for: beta))
        }
      }
    }
  }
}

/// Per-row mean and reciprocal standard deviation saved by a LayerNorm forward pass.
public struct LayerNormStatistics: Sendable {
  public var mean: [Float]
  public var reciprocalStd: [Float]

  public init(rows: Int) {
    mean = [Float](repeating: 0, count: rows)
    reciprocalStd = [Float](repeating: 0, count: rows)
  }
}
