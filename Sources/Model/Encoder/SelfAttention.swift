import Foundation
import TensorCore

/// Multi-head self-attention over packed sequences: each sequence attends only to its own key
/// rows (prompt and real tokens, never padding), so no padding mask is needed and padded
/// positions cost nothing. Prefix tuning prepends `P` trainable keys/values per head.
// N packed rows, T rows of one sequence, R its key rows, P prefix, D hidden, H heads, E head size
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

  /// Context vectors `ctx[N, D]` from `qkv[N, 3D]`. With `dropout`, attention probabilities are
  /// dropped (training). Keeps the probabilities (and dropout masks) when `keepCache`.
  public func context(
    qkv: UnsafePointer<Float>, layout: SequenceLayout, prefix: PrefixTuning?,
    dropout: Dropout?, site: UInt64, firstRow: Int, into ctx: UnsafeMutablePointer<Float>,
    keepCache: Bool
  ) -> AttentionCache? {
    let d = hiddenSize
    let e = headSize
    let scale = 1 / Float(e).squareRoot()
    let p = prefix?.length ?? 0
    let maxBlock = layout.maxLength * (layout.keyLengths.max().map { $0 + p } ?? 0)
    var cached = [Float](
      repeating: 0, count: keepCache ? layout.probabilityCount(heads: heads, prefixLength: p) : 0)
    var masks: [Float]? = nil
    if keepCache, dropout?.isActive == true { masks = [Float](repeating: 0, count: cached.count) }
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxBlock))
    let dropped = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxBlock))
    defer {
      scores.deallocate()
      dropped.deallocate()
    }
    let prefixKeys = prefix?.keys.value.scalars ?? []
    let prefixValues = prefix?.values.value.scalars ?? []
    var blockOffset = 0
    prefixKeys.withUnsafeBufferPointer { pkb in
      prefixValues.withUnsafeBufferPointer { pvb in
        for s in 0..<layout.sequenceCount {
          let t = layout.lengths[s]
          let r = layout.keyLengths[s]
          let c = p + r
          let o = layout.offsets[s]
          for h in 0..<heads {
            let q = qkv + o * 3 * d + h * e
            let k = q + d
            let v = q + 2 * d
            let count = t * c
            do {
              // scores[T, P+R] = [Q·Pkᵀ | Q·Kᵀ] / √E
              if p > 0 {
                BLAS.gemm(
                  transposeA: false, transposeB: true, m: t, n: p, k: e, alpha: scale, a: q,
                  lda: 3 * d, b: pkb.baseAddress.unsafelyUnwrapped + h * e, ldb: d, c: scores,
                  ldc: c)
              }
              BLAS.gemm(
                transposeA: false, transposeB: true, m: t, n: r, k: e, alpha: scale, a: q,
                lda: 3 * d, b: k, ldb: 3 * d, c: scores + p, ldc: c)
              Softmax.forward(scores, rows: t, columns: c)
              if keepCache {
                cached.withUnsafeMutableBufferPointer {
                  ($0.baseAddress.unsafelyUnwrapped + blockOffset).update(
                    from: scores, count: count)
                }
              }
              var weights = UnsafePointer(scores)
              if let dropout, dropout.isActive {
                let mask = dropout.mask(
                  site: site &+ UInt64(h), firstRow: firstRow + o, rows: t, columns: c)
                for i in 0..<count { dropped[i] = scores[i] * mask[i] }
                weights = UnsafePointer(dropped)
                if keepCache {
                  masks?.withUnsafeMutableBufferPointer { mb in
                    mask.withUnsafeBufferPointer {
                      (mb.baseAddress.unsafelyUnwrapped + blockOffset).update(
                        from: $0.baseAddress.unsafelyUnwrapped, count: count)
                    }
                  }
                }
              }
              // ctx_h[T, E] = P[:, :P]·Pv_h + P[:, P:]·V_h
              let out = ctx + o * d + h * e
              if p > 0 {
                BLAS.gemm(
                  transposeA: false, transposeB: false, m: t, n: e, k: p, a: weights, lda: c,
                  b: pvb.baseAddress.unsafelyUnwrapped + h * e, ldb: d, c: out, ldc: d)
              }
              BLAS.gemm(
                transposeA: false, transposeB: false, m: t, n: e, k: r, a: weights + p, lda: c,
                b: v, ldb: 3 * d, beta: p > 0 ? 1 : 0, c: out, ldc: d)
            }
            blockOffset += count
          }
        }
      }
    }
    return keepCache ? AttentionCache(probabilities: cached, dropoutMasks: masks) : nil
  }

  /// Backward of ``context``: writes `dqkv[N, 3D]` (padding rows get zero key/value gradients)
  /// from `dctx[N, D]`, and accumulates prefix gradients.
  public func contextBackward(
    _ cache: AttentionCache, qkv: UnsafePointer<Float>, layout: SequenceLayout,
    prefix: PrefixTuning?, gradContext dctx: UnsafePointer<Float>,
    into dqkv: UnsafeMutablePointer<Float>, gradients: GradientStore
  ) {
    let d = hiddenSize
    let e = headSize
    let scale = 1 / Float(e).squareRoot()
    let p = prefix?.length ?? 0
    dqkv.update(repeating: 0, count: layout.rowCount * 3 * d)
    let maxBlock = layout.maxLength * (layout.keyLengths.max().map { $0 + p } ?? 0)
    var weightsScratch = [Float](repeating: 0, count: maxBlock)
    var gradScratch = [Float](repeating: 0, count: maxBlock)
    let prefixKeys = prefix?.keys.value.scalars ?? []
    let prefixValues = prefix?.values.value.scalars ?? []
    let gradPrefixKeys = prefix.flatMap { gradients.buffer(for: $0.keys) }
    let gradPrefixValues = prefix.flatMap { gradients.buffer(for: $0.values) }
    var blockOffset = 0
    let maskValues = cache.dropoutMasks ?? []
    let hasMasks = cache.dropoutMasks != nil
    maskValues.withUnsafeBufferPointer { maskBuffer in
      cache.probabilities.withUnsafeBufferPointer { probabilities in
        prefixKeys.withUnsafeBufferPointer { pkb in
          prefixValues.withUnsafeBufferPointer { pvb in
            weightsScratch.withUnsafeMutableBufferPointer { wsb in
              gradScratch.withUnsafeMutableBufferPointer { gsb in
                let weights = wsb.baseAddress.unsafelyUnwrapped
                let dp = gsb.baseAddress.unsafelyUnwrapped
                for s in 0..<layout.sequenceCount {
                  let t = layout.lengths[s]
                  let r = layout.keyLengths[s]
                  let c = p + r
                  let o = layout.offsets[s]
                  for h in 0..<heads {
                    let count = t * c
                    let probs = probabilities.baseAddress.unsafelyUnwrapped + blockOffset
                    let mask = hasMasks ? maskBuffer.baseAddress.map { $0 + blockOffset } : nil
                    if let mask {
                      for i in 0..<count { weights[i] = probs[i] * mask[i] }
                    } else {
                      weights.update(from: probs, count: count)
                    }
                    let q = qkv + o * 3 * d + h * e
                    let k = q + d
                    let v = q + 2 * d
                    let dq = dqkv + o * 3 * d + h * e
                    let dk = dq + d
                    let dv = dq + 2 * d
                    let dc = dctx + o * d + h * e
                    // dP[T, P+R] = dctx_h · [Pv_h; V_h]ᵀ
                    if p > 0 {
                      BLAS.gemm(
                        transposeA: false, transposeB: true, m: t, n: p, k: e, a: dc, lda: d,
                        b: pvb.baseAddress.unsafelyUnwrapped + h * e, ldb: d, c: dp, ldc: c)
                    }
                    BLAS.gemm(
                      transposeA: false, transposeB: true, m: t, n: r, k: e, a: dc, lda: d, b: v,
                      ldb: 3 * d, c: dp + p, ldc: c)
                    // dV_h[R, E] = P[:, P:]ᵀ · dctx_h ; dPv_h += P[:, :P]ᵀ · dctx_h
                    BLAS.gemm(
                      transposeA: true, transposeB: false, m: r, n: e, k: t, a: weights + p, lda: c,
                      b: dc, ldb: d, c: dv, ldc: 3 * d)
                    if p > 0, let gpv = gradPrefixValues {
                      BLAS.gemm(
                        transposeA: true, transposeB: false, m: p, n: e, k: t, a: weights, lda: c,
                        b: dc, ldb: d, beta: 1, c: gpv + h * e, ldc: d)
                    }
                    if let mask { for i in 0..<count { dp[i] *= mask[i] } }
                    Softmax.backward(
                      probabilities: probs, gradOutput: dp, gradInput: dp, rows: t, columns: c)
                    // dQ_h = s · (dS[:, :P]·Pk_h + dS[:, P:]·K_h); dK_h = s · dS[:, P:]ᵀ·Q_h
                    if p > 0 {
                      BLAS.gemm(
                        transposeA: false, transposeB: false, m: t, n: e, k: p, alpha: scale,
                        a: dp, lda: c, b: pkb.baseAddress.unsafelyUnwrapped + h * e, ldb: d,
                        c: dq, ldc: 3 * d)
                    }
                    BLAS.gemm(
                      transposeA: false, transposeB: false, m: t, n: e, k: r, alpha: scale,
                      a: dp + p, lda: c, b: k, ldb: 3 * d, beta: p > 0 ? 1 : 0, c: dq, ldc: 3 * d)
                    BLAS.gemm(
                      transposeA: true, transposeB: false, m: r, n: e, k: t, alpha: scale,
                      a: dp + p, lda: c, b: q, ldb: 3 * d, c: dk, ldc: 3 * d)
                    if p > 0, let gpk = gradPrefixKeys {
                      BLAS.gemm(
                        transposeA: true, transposeB: false, m: p, n: e, k: t, alpha: scale,
                        a: dp, lda: c, b: q, ldb: 3 * d, beta: 1, c: gpk + h * e, ldc: d)
                    }
                    blockOffset += count
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// What an attention forward pass keeps for its backward pass: per sequence and head, the
/// softmax probabilities `[T, P+R]` (before dropout) and the dropout multipliers.
public struct AttentionCache {
  public var probabilities: [Float]
  public var dropoutMasks: [Float]?
}
