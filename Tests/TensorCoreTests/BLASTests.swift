import TensorCore
import Testing

/// `BLAS.gemm` against the naive reference for every transpose combination, odd shapes, strides,
/// alpha and beta.
@Suite struct BLASTests {
  struct Case: Sendable, CustomStringConvertible {
    let m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float
    var description: String {
      "\(m)x\(n)x\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta)"
    }
  }

  static let cases: [Case] = {
    var cases: [Case] = []
    for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 9, 33), (64, 31, 2), (5, 40, 1)] {
      for tA in [false, true] {
        for tB in [false, true] {
          cases.append(Case(m: m, n: n, k: k, transposeA: tA, transposeB: tB, alpha: 1, beta: 0))
        }
      }
      cases.append(Case(m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 0.5, beta: 2))
    }
    return cases
  }()

  @Test(arguments: cases)
  func gemmMatchesReference(_ c: Case) {
    var rng = SplitMix64(seed: 42)
    let ldaExtra = 3
    let (aRows, aCols) = c.transposeA ? (c.k, c.m) : (c.m, c.k)
    let (bRows, bCols) = c.transposeB ? (c.n, c.k) : (c.k, c.n)
    let lda = aCols + ldaExtra
    let ldb = bCols + 1
    let a = (0..<aRows * lda).map { _ in rng.nextNormal() }
    let b = (0..<bRows * ldb).map { _ in rng.nextNormal() }
    let c0 = (0..<c.m * c.n).map { _ in rng.nextNormal() }
    var expected = c0
    ReferenceGEMM.gemm(
      transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k, alpha: c.alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: c.beta, c: &expected, ldc: c.n)
    var actual = c0
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        actual.withUnsafeMutableBufferPointer { cp in
          BLAS.gemm(
            transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
            alpha: c.alpha, a: ap.baseAddress.unsafelyUnwrapped, lda: lda,
            b: bp.baseAddress.unsafelyUnwrapped, ldb: ldb, beta: c.beta,
            c: cp.baseAddress.unsafelyUnwrapped, ldc: c.n)
        }
      }
    }
    let maxDiff = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
    #expect(maxDiff <= 1e-4 * Float(c.k), "\(c): max diff \(maxDiff)")
  }

  @Test func stridedBatchedEqualsLoopOfGemms() {
    var rng = SplitMix64(seed: 7)
    let (batch, m, n, k) = (3, 4, 5, 6)
    let a = (0..<batch * m * k).map { _ in rng.nextNormal() }
    let b = (0..<batch * k * n).map { _ in rng.nextNormal() }
    var c = [Float](repeating: 0, count: batch * m * n)
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        c.withUnsafeMutableBufferPointer { cp in
          BLAS.gemmStridedBatched(
            batch: batch, transposeA: false, transposeB: false, m: m, n: n, k: k,
            a: ap.baseAddress.unsafelyUnwrapped, lda: k, strideA: m * k,
            b: bp.baseAddress.unsafelyUnwrapped, ldb: n, strideB: k * n,
            c: cp.baseAddress.unsafelyUnwrapped, ldc: n, strideC: m * n)
        }
      }
    }
    for i in 0..<batch {
      var expected = [Float](repeating: 0, count: m * n)
      ReferenceGEMM.gemm(
        transposeA: false, transposeB: false, m: m, n: n, k: k,
        a: Array(a[i * m * k..<(i + 1) * m * k]), lda: k,
        b: Array(b[i * k * n..<(i + 1) * k * n]), ldb: n, c: &expected, ldc: n)
      let got = Array(c[i * m * n..<(i + 1) * m * n])
      #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-4 }, "batch \(i)")
    }
  }

  @Test func matmulShapes() {
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor(shape: [3, 1], scalars: [1, 0, -1])
    #expect(a.matmul(b).scalars == [-2, -2])
    #expect(a.matmul(a, transposeOther: true).shape == [2, 2])
  }
}
