import Foundation

/// The element-wise pieces of the Llama forward pass, in Float32.
public enum LlamaKernels {
  /// `out[r] = weight ⊙ x[r] / sqrt(mean(x[r]²) + eps)` for each of `rows` rows of `dim`.
  public static func rmsNorm(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, rows: Int, dim: Int, eps: Double,
    out: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let row = x + r * dim
      var sum: Double = 0
      for j in 0..<dim { sum += Double(row[j]) * Double(row[j]) }
      let scale = Float(1 / (sum / Double(dim) + eps).squareRoot())
      let o = out + r * dim
      for j in 0..<dim { o[j] = weight[j] * (row[j] * scale) }
    }
  }

  /// Rotates pairs `(2i, 2i+1)` of every head of `rows` rows (row `r` at position
  /// `firstPosition + r`) by `position · theta^(-2i/headDim)`.
  public static func rope(
    _ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, headDim: Int, rowStride: Int,
    firstPosition: Int, theta: Double
  ) {
    let half = headDim / 2
    var cosines = [Float](repeating: 0, count: half)
    var sines = [Float](repeating: 0, count: half)
    for r in 0..<rows {
      let position = Double(firstPosition + r)
      for i in 0..<half {
        let angle = position * pow(theta, -Double(2 * i) / Double(headDim))
        cosines[i] = Float(cos(angle))
        sines[i] = Float(sin(angle))
      }
      for h in 0..<heads {
        let v = x + r * rowStride + h * headDim
        for i in 0..<half {
          let a = v[2 * i]
          let b = v[2 * i + 1]
          v[2 * i] = a * cosines[i] - b * sines[i]
          v[2 * i + 1] = a * sines[i] + b * cosines[i]
        }
      }
    }
  }

  /// `x / (1 + exp(-x))` in place.
  @inline(__always)
  public static func silu(_ x: Float) -> Float { x / (1 + expf(-x)) }

  /// Softmax of `count` values in place (max subtracted first).
  public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
    var maximum = -Float.infinity
    for j in 0..<count { maximum = max(maximum, x[j]) }
    var sum: Float = 0
    for j in 0..<count {
      let e = expf(x[j] - maximum)
      x[j] = e
      sum += e
    }
    let inverse = 1 / sum
    for j in 0..<count { x[j] *= inverse }
  }
}
