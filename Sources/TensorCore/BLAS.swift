import CBLAS

/// Matrix products on OpenBLAS. The only file that imports `CBLAS`.
///
/// All matrices are row-major. `op(X)` is `X` or `Xᵀ` depending on the transpose flag.
public enum BLAS {
  /// `C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C`.
  ///
  /// `lda`, `ldb`, `ldc` are the row strides of the matrices as stored (before `op`).
  @inlinable
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      scale(c, rows: m, columns: n, ldc: ldc, by: beta)
      return
    }
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// A batch of independent products at fixed strides between consecutive operands, as used for
  /// attention heads: `C_i = alpha · op(A_i) · op(B_i) + beta · C_i` for `i` in `0..<batch`.
  @inlinable
  public static func gemmStridedBatched(
    batch: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, strideA: Int,
    b: UnsafePointer<Float>, ldb: Int, strideB: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, strideC: Int
  ) {
    for i in 0..<batch {
      gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
        a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb, beta: beta,
        c: c + i * strideC, ldc: ldc)
    }
  }

  /// Number of threads OpenBLAS uses for one call.
  public static var threadCount: Int { Int(openblas_get_num_threads()) }

  /// Sets the number of threads OpenBLAS uses (1 gives bit-identical results run to run).
  public static func setThreadCount(_ count: Int) {
    openblas_set_num_threads(Int32(max(1, count)))
  }

  @usableFromInline
  static func scale(
    _ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ldc: Int, by beta: Float
  ) {
    for r in 0..<rows {
      let row = c + r * ldc
      for j in 0..<columns { row[j] = beta == 0 ? 0 : row[j] * beta }
    }
  }
}

extension Tensor {
  /// `op(self) · op(other)` for 2-D tensors.
  public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false)
    -> Tensor
  {
    precondition(shape.count == 2 && other.shape.count == 2, "matmul needs 2-D tensors")
    let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
    let (k2, n) =
      transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
    precondition(k == k2, "matmul inner dimensions differ: \(shape) vs \(other.shape)")
    var out = Tensor(zeros: [m, n])
    withUnsafeBufferPointer { a in
      other.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { c in
          BLAS.gemm(
            transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
            a: a.baseAddress.unsafelyUnwrapped, lda: shape[1],
            b: b.baseAddress.unsafelyUnwrapped, ldb: other.shape[1],
            c: c.baseAddress.unsafelyUnwrapped, ldc: n)
        }
      }
    }
    return out
  }
}
