import TensorCore

/// Causal grouped-query attention of one sequence for training, per head as matrix products
/// (OpenBLAS): `P = softmax(mask(Q_h K_gᵀ / √d))`, `O_h = P V_g`, and the backward pass
/// `dP = dO_h V_gᵀ`, `dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √d`, `dQ_h = dS K_g`,
/// `dK_g += dSᵀ Q_h`, `dV_g += Pᵀ dO_h`. Row-major: q and the output `[T × heads·d]`, k and v
/// `[T × kvHeads·d]`, probabilities `[heads × T × T]` (zero above the diagonal).
enum CausalAttention {
  struct Shape {
    var rows: Int
    var heads: Int
    var kvHeads: Int
    var headDim: Int
    var qStride: Int { heads * headDim }
    var kvStride: Int { kvHeads * headDim }
    func group(_ head: Int) -> Int { head / (heads / kvHeads) }
  }

  /// Fills `probabilities` and `attended` (both zeroed by the caller).
  static func forward(
    q: [Float], k: [Float], v: [Float], shape s: Shape, probabilities: inout [Float],
    attended: inout [Float]
  ) {
    let (t, d) = (s.rows, s.headDim)
    let scale = 1 / Float(d).squareRoot()
    q.withUnsafeBufferPointer { qp in
      k.withUnsafeBufferPointer { kp in
        v.withUnsafeBufferPointer { vp in
          probabilities.withUnsafeMutableBufferPointer { pp in
            attended.withUnsafeMutableBufferPointer { op in
              let (q, k, v) = (
                qp.baseAddress.unsafelyUnwrapped, kp.baseAddress.unsafelyUnwrapped,
                vp.baseAddress.unsafelyUnwrapped
              )
              let (probs, out) = (
                pp.baseAddress.unsafelyUnwrapped, op.baseAddress.unsafelyUnwrapped
              )
              for head in 0..<s.heads {
                let g = s.group(head)
                let p = probs + head * t * t
                BLAS.gemm(
                  transposeA: false, transposeB: true, m: t, n: t, k: d, alpha: scale,
                  a: q + head * d, lda: s.qStride, b: k + g * d, ldb: s.kvStride, c: p, ldc: t)
                for i in 0..<t {
                  LlamaKernels.softmax(p + i * t, count: i + 1)
                  for j in (i + 1)..<t { p[i * t + j] = 0 }
                }
                BLAS.gemm(
                  transposeA: false, transposeB: false, m: t, n: d, k: t, a: p, lda: t,
                  b: v + g * d, ldb: s.kvStride, c: out + head * d, ldc: s.qStride)
              }
            }
          }
        }
      }
    }
  }

  /// Accumulates into `dq`, `dk`, `dv` (zeroed by the caller) from `dAttended`.
  static func backward(
    dAttended: [Float], q: [Float], k: [Float], v: [Float], probabilities: [Float],
    shape s: Shape, dq: inout [Float], dk: inout [Float], dv: inout [Float]
  ) {
    let (t, d) = (s.rows, s.headDim)
    let scale = 1 / Float(d).squareRoot()
    var dS = [Float](repeating: 0, count: t * t)
    dAttended.withUnsafeBufferPointer { dop in
      q.withUnsafeBufferPointer { qp in
        k.withUnsafeBufferPointer { kp in
          v.withUnsafeBufferPointer { vp in
            probabilities.withUnsafeBufferPointer { pp in
              dq.withUnsafeMutableBufferPointer { dqp in
                dk.withUnsafeMutableBufferPointer { dkp in
                  dv.withUnsafeMutableBufferPointer { dvp in
                    dS.withUnsafeMutableBufferPointer { dsp in
                      let (dO, q, k, v) = (
                        dop.baseAddress.unsafelyUnwrapped, qp.baseAddress.unsafelyUnwrapped,
                        kp.baseAddress.unsafelyUnwrapped, vp.baseAddress.unsafelyUnwrapped
                      )
                      let (dq, dk, dv, ds) = (
                        dqp.baseAddress.unsafelyUnwrapped, dkp.baseAddress.unsafelyUnwrapped,
                        dvp.baseAddress.unsafelyUnwrapped, dsp.baseAddress.unsafelyUnwrapped
                      )
                      for head in 0..<s.heads {
                        let g = s.group(head)
                        let p = pp.baseAddress.unsafelyUnwrapped + head * t * t
                        // dP = dO_h V_gᵀ, then dS in place.
                        BLAS.gemm(
                          transposeA: false, transposeB: true, m: t, n: t, k: d,
                          a: dO + head * d, lda: s.qStride, b: v + g * d, ldb: s.kvStride,
                          c: ds, ldc: t)
                        for i in 0..<t {
                          var dot: Float = 0
                          for j in 0...i { dot += p[i * t + j] * ds[i * t + j] }
                          for j in 0...i {
                            ds[i * t + j] = p[i * t + j] * (ds[i * t + j] - dot) * scale
                          }
                          for j in (i + 1)..<t { ds[i * t + j] = 0 }
                        }
                        BLAS.gemm(
                          transposeA: true, transposeB: false, m: t, n: d, k: t, a: p, lda: t,
                          b: dO + head * d, ldb: s.qStride, beta: 1, c: dv + g * d,
                          ldc: s.kvStride)
                        BLAS.gemm(
                          transposeA: false, transposeB: false, m: t, n: d, k: t, a: ds, lda: t,
                          b: k + g * d, ldb: s.kvStride, c: dq + head * d, ldc: s.qStride)
                        BLAS.gemm(
                          transposeA: true, transposeB: false, m: t, n: d, k: t, a: ds, lda: t,
                          b: q + head * d, ldb: s.qStride, beta: 1, c: dk + g * d,
                          ldc: s.kvStride)
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
  }
}
