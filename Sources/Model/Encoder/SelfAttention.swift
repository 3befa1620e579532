import Foundation
import TensorCore

/// Multi-head self-attention over packed sequences: each sequence attends only to its own
/// tokens, so no padding mask is needed and padded positions cost nothing.
// N packed tokens, T tokens of one sequence, D hidden, H heads, E head size
public final class SelfAttention {
  public let query: Linear
  public let key: Linear
  public let value: Linear
  public let heads: Int
  public let hiddenSize: Int
  public var headSize: Int { hiddenSize / heads }

  public init(query: Linear, key: Linear, value: Linear, heads: Int) {
    self.query = query
    self.key = key
    self.value = value
    self.heads = heads
    self.hiddenSize = query.outFeatures
  }

  /// Writes Q, K, V side by side into `qkv[N, 3D]`.
  public func projections(
    _ x: UnsafePointer<Float>, rows: Int, into qkv: UnsafeMutablePointer<Float>
  ) {
    let d = hiddenSize
    query.forward(x, ldx: d, rows: rows, into: qkv, ldy: 3 * d)
    key.forward(x, ldx: d, rows: rows, into: qkv + d, ldy: 3 * d)
    value.forward(x, ldx: d, rows: rows, into: qkv + 2 * d, ldy: 3 * d)
  }

  /// Context vectors `ctx[N, D]` from `qkv[N, 3D]`; stores each (sequence, head) probability
  /// matrix `[T, T]` into `probabilities` when given (for the backward pass).
  public func context(
    qkv: UnsafePointer<Float>, batch: PackedBatch, into ctx: UnsafeMutablePointer<Float>,
    probabilities: UnsafeMutablePointer<Float>? = nil
  ) {
    let d = hiddenSize
    let e = headSize
    let scale = 1 / Float(e).squareRoot()
    let maxT = batch.maxLength
    var scratch = [Float](repeating: 0, count: maxT * maxT)
    var probOffset = 0
    scratch.withUnsafeMutableBufferPointer { sb in
      let scratchBase = sb.baseAddress.unsafelyUnwrapped
      for s in 0..<batch.sequenceCount {
        let t = batch.lengths[s]
        let o = batch.offsets[s]
        for h in 0..<heads {
          let scores = probabilities.map { $0 + probOffset } ?? scratchBase
          let q = qkv + o * 3 * d + h * e
          // scores[T, T] = Q_h · K_hᵀ / √E
          BLAS.gemm(
            transposeA: false, transposeB: true, m: t, n: t, k: e, alpha: scale,
            a: q, lda: 3 * d, b: q + d, ldb: 3 * d, c: scores, ldc: t)
          Softmax.forward(scores, rows: t, columns: t)
          // ctx_h[T, E] = P · V_h
          BLAS.gemm(
            transposeA: false, transposeB: false, m: t, n: e, k: t,
            a: scores, lda: t, b: q + 2 * d, ldb: 3 * d, c: ctx + o * d + h * e, ldc: d)
          probOffset += t * t
        }
      }
    }
  }

  /// Floats needed to keep every probability matrix of a batch.
  public func probabilityCount(_ batch: PackedBatch) -> Int {
    batch.lengths.reduce(0) { $0 + $1 * $1 } * heads
  }
}
