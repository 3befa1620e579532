/// Row-wise layer normalisation `y = (x − μ) / √(σ² + ε) · γ + β` and its backward pass.
// N rows, D features
public enum LayerNormKernel {
  /// Normalises `rows` rows of `features` values; writes the per-row mean and reciprocal standard
  /// deviation (needed by `backward`) when the buffers are given. `output` may alias `input`.
  @inlinable
  public static func forward(
    input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, rows: Int, features: Int,
    gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float,
    mean: UnsafeMutablePointer<Float>? = nil, reciprocalStd: UnsafeMutablePointer<Float>? = nil
  ) {
    let n = Float(features)
    for r in 0..<rows {
      let x = input + r * features
      let y = output + r * features
      var sum: Float = 0
      for j in 0..<features { sum += x[j] }
      let mu = sum / n
      var sq: Float = 0
      for j in 0..<features {
        let d = x[j] - mu
        sq += d * d
      }
      let rstd = 1 / (sq / n + epsilon).squareRoot()
      for j in 0..<features { y[j] = (x[j] - mu) * rstd * gamma[j] + beta[j] }
      mean?[r] = mu
      reciprocalStd?[r] = rstd
    }
  }

  /// Given `dY`, writes `dX` (may alias `gradOutput`) and, when given, accumulates `dγ`, `dβ`.
  @inlinable
  public static func backward(
    input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
    gradInput: UnsafeMutablePointer<Float>, rows: Int, features: Int,
    gamma: UnsafePointer<Float>, mean: UnsafePointer<Float>, reciprocalStd: UnsafePointer<Float>,
    gradGamma: UnsafeMutablePointer<Float>?, gradBeta: UnsafeMutablePointer<Float>?
  ) {
    let n = Float(features)
    for r in 0..<rows {
      let x = input + r * features
      let dy = gradOutput + r * features
      let dx = gradInput + r * features
      let mu = mean[r]
      let rstd = reciprocalStd[r]
      var sumG: Float = 0
      var sumGX: Float = 0
      for j in 0..<features {
        let xhat = (x[j] - mu) * rstd
        let g = dy[j] * gamma[j]
        sumG += g
        sumGX += g * xhat
        if let gradGamma { gradGamma[j] += dy[j] * xhat }
        if let gradBeta { gradBeta[j] += dy[j] }
      }
      for j in 0..<features {
        let xhat = (x[j] - mu) * rstd
        dx[j] = rstd * (dy[j] * gamma[j] - (sumG + xhat * sumGX) / n)
      }
    }
  }
}
