import TensorCore

/// A fully connected layer `y = x · Wᵀ + b` with Hugging Face's weight layout `W[out, in]`.
// N rows, I in features, O out features
public final class Linear {
  public let weight: Parameter
  public let bias: Parameter?
  public let inFeatures: Int
  public let outFeatures: Int

  public init(weight: Parameter, bias: Parameter?) {
    precondition(weight.value.shape.count == 2, "Linear weight must be 2-D: \(weight.value.shape)")
    self.weight = weight
    self.bias = bias
    self.outFeatures = weight.value.shape[0]
    self.inFeatures = weight.value.shape[1]
    if let bias {
      precondition(
        bias.value.shape == [outFeatures], "bias \(bias.value.shape) vs out \(outFeatures)")
    }
  }

  /// `y[N, O] = x[N, I] · Wᵀ + b` (`beta = 1` accumulates into `y` instead).
  public func forward(
    _ x: UnsafePointer<Float>, ldx: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int,
    accumulate: Bool = false
  ) {
    weight.value.withUnsafeBufferPointer { w in
      BLAS.gemm(
        transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
        a: x, lda: ldx, b: w.baseAddress.unsafelyUnwrapped, ldb: inFeatures,
        beta: accumulate ? 1 : 0, c: y, ldc: ldy)
    }
    if let bias {
      bias.value.withUnsafeBufferPointer { b in
        for r in 0..<rows {
          let row = y + r * ldy
          for j in 0..<outFeatures { row[j] += b[j] }
        }
      }
    }
  }

  /// Backward pass: `dX (+)= dY · W` when `gradInput` is given, and, for trainable parameters
  /// only, `dW += dYᵀ · X`, `db += Σ dY`.
  public func backward(
    input x: UnsafePointer<Float>, ldx: Int, gradOutput dy: UnsafePointer<Float>, ldy: Int,
    rows: Int, gradInput dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulateInput: Bool
  ) {
    if let dx {
      weight.value.withUnsafeBufferPointer { w in
        BLAS.gemm(
          transposeA: false, transposeB: false, m: rows, n: inFeatures, k: outFeatures,
          a: dy, lda: ldy, b: w.baseAddress.unsafelyUnwrapped, ldb: inFeatures,
          beta: accumulateInput ? 1 : 0, c: dx, ldc: lddx)
      }
    }
    if weight.isTrainable {
      weight.gradient?.withUnsafeMutableBufferPointer { gw in
        BLAS.gemm(
          transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows,
          a: dy, lda: ldy, b: x, ldb: ldx, beta: 1, c: gw.baseAddress.unsafelyUnwrapped,
          ldc: inFeatures)
      }
    }
    if let bias, bias.isTrainable {
      bias.gradient?.withUnsafeMutableBufferPointer { gb in
        for r in 0..<rows {
          let row = dy + r * ldy
          for j in 0..<outFeatures { gb[j] += row[j] }
        }
      }
    }
  }
}
