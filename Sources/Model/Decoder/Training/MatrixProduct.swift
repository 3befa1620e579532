import TensorCore

/// Row-major products on arrays for the decoder's training path:
/// `c[m×n] = alpha · op(a) · op(b) + beta · c`.
enum MatrixProduct {
  static func gemm(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool = false,
    transposeB: Bool = false, alpha: Float = 1, beta: Float = 0, into c: inout [Float]
  ) {
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        c.withUnsafeMutableBufferPointer { cp in
          BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: ap.baseAddress.unsafelyUnwrapped, lda: transposeA ? m : k,
            b: bp.baseAddress.unsafelyUnwrapped, ldb: transposeB ? k : n, beta: beta,
            c: cp.baseAddress.unsafelyUnwrapped, ldc: n)
        }
      }
    }
  }
}
