import TensorCore

/// A low-rank update of a frozen linear layer (Hu et al. 2021):
/// `y = x·Wᵀ + b + s · dropout(x)·Aᵀ·Bᵀ` with `A[r, in]`, `B[out, r]`, `s = α / r`.
///
/// `A` starts Kaiming-uniform (bound 1/√in, as PEFT) or Gaussian (standard deviation 1/√in, the
/// PyTorch reference of docs/method.md), `B` at zero, so a fresh LoRA leaves the model unchanged.
// N rows, I in features, O out features, R rank
public final class LoRA {
  public let a: Parameter
  public let b: Parameter
  public let rank: Int
  public let alpha: Float
  public let dropoutRate: Float
  public var scaling: Float { alpha / Float(rank) }
  public var inFeatures: Int { a.value.dim(1) }
  public var outFeatures: Int { b.value.dim(0) }

  public init(a: Parameter, b: Parameter, alpha: Float, dropoutRate: Float) {
    precondition(a.value.shape.count == 2 && b.value.shape.count == 2, "LoRA A and B are 2-D")
    precondition(
      a.value.dim(0) == b.value.dim(1), "LoRA rank: A \(a.value.shape), B \(b.value.shape)")
    self.a = a
    self.b = b
    self.rank = a.value.dim(0)
    self.alpha = alpha
    self.dropoutRate = dropoutRate
  }

  /// A trainable LoRA for a `inFeatures → outFeatures` layer named `name` (e.g.
  /// `encoder.layer.0.attention.self.query`).
  public convenience init(
    name: String, inFeatures: Int, outFeatures: Int, rank: Int, alpha: Float, dropoutRate: Float,
    initialization: LoRAInitialization = .kaimingUniform, generator: inout SplitMix64
  ) {
    let bound = 1 / Float(inFeatures).squareRoot()
    let aValues = (0..<(rank * inFeatures)).map { _ in
      switch initialization {
      case .kaimingUniform: return (2 * generator.nextUniform() - 1) * bound
      case .gaussian: return generator.nextNormal() * bound
      }
    }
    self.init(
      a: Parameter(
        name: name + ".lora_A.weight", value: Tensor(shape: [rank, inFeatures], scalars: aValues),
        isTrainable: true),
      b: Parameter(
        name: name + ".lora_B.weight", value: Tensor(zeros: [outFeatures, rank]),
        isTrainable: true),
      alpha: alpha, dropoutRate: dropoutRate)
  }

  public var parameters: [Parameter] { [a, b] }

  /// `y[N, O] += s · dropout(x)·Aᵀ·Bᵀ`. With `dropout` (training, at this LoRA's rate) the input
  /// is masked;
  /// returns what ``backward`` needs when `keepCache`.
  public func forward(
    _ x: UnsafePointer<Float>, ldx: Int, rows: Int, into y: UnsafeMutablePointer<Float>,
    ldy: Int, dropout: Dropout?, site: UInt64, firstRow: Int, keepCache: Bool
  ) -> LoRACache? {
    let inF = inFeatures
    let dropping = dropout?.isActive == true
    if !dropping && !keepCache {
      // Inference: no copy of the input, x·Aᵀ straight from the caller's rows.
      var projected = Tensor(uninitialized: [rows, rank])
      a.value.withUnsafeBufferPointer { ab in
        projected.withUnsafeMutableBufferPointer { pb in
          BLAS.gemm(
            transposeA: false, transposeB: true, m: rows, n: rank, k: inF, a: x, lda: ldx,
            b: ab.baseAddress.unsafelyUnwrapped, ldb: inF, c: pb.baseAddress.unsafelyUnwrapped,
            ldc: rank)
        }
      }
      addUpProjection(projected, rows: rows, into: y, ldy: ldy)
      return nil
    }
    var input = Tensor(uninitialized: [rows, inF])
    var mask: [Float]? = nil
    input.withUnsafeMutableBufferPointer { buf in
      let dst = buf.baseAddress.unsafelyUnwrapped
      for r in 0..<rows { (dst + r * inF).update(from: x + r * ldx, count: inF) }
      if dropping, let dropout {
        let m = dropout.mask(site: site, firstRow: firstRow, rows: rows, columns: inF)
        m.withUnsafeBufferPointer {
          Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: dst, count: rows * inF)
        }
        mask = m
      }
    }
    var projected = Tensor(uninitialized: [rows, rank])  // dropout(x)·Aᵀ [N, R]
    input.withUnsafeBufferPointer { xb in
      a.value.withUnsafeBufferPointer { ab in
        projected.withUnsafeMutableBufferPointer { pb in
          BLAS.gemm(
            transposeA: false, transposeB: true, m: rows, n: rank, k: inF,
            a: xb.baseAddress.unsafelyUnwrapped, lda: inF, b: ab.baseAddress.unsafelyUnwrapped,
            ldb: inF, c: pb.baseAddress.unsafelyUnwrapped, ldc: rank)
        }
      }
    }
    addUpProjection(projected, rows: rows, into: y, ldy: ldy)
    return keepCache ? LoRACache(input: input, projected: projected, inputMask: mask) : nil
  }

  /// `y[N, O] += s · P·Bᵀ` for `P = dropout(x)·Aᵀ` `[N, R]`.
  private func addUpProjection(
    _ projected: Tensor, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int
  ) {
    projected.withUnsafeBufferPointer { pb in
      b.value.withUnsafeBufferPointer { bb in
        BLAS.gemm(
          transposeA: false, transposeB: true, m: rows, n: outFeatures, k: rank, alpha: scaling,
          a: pb.baseAddress.unsafelyUnwrapped, lda: rank, b: bb.baseAddress.unsafelyUnwrapped,
          ldb: rank, beta: 1, c: y, ldc: ldy)
      }
    }
  }

  /// Accumulates `dA`, `dB` into `gradients` and adds the input gradient into `dx` (when given).
  public func backward(
    _ cache: LoRACache, gradOutput dy: UnsafePointer<Float>, ldy: Int, rows: Int,
    gradInput dx: UnsafeMutablePointer<Float>?, lddx: Int, gradients: GradientStore
  ) {
    let inF = inFeatures
    let s = scaling
    // dP[N, R] = s · dY·B
    var dProjected = Tensor(uninitialized: [rows, rank])
    dProjected.withUnsafeMutableBufferPointer { dpb in
      let dp = dpb.baseAddress.unsafelyUnwrapped
      b.value.withUnsafeBufferPointer { bb in
        BLAS.gemm(
          transposeA: false, transposeB: false, m: rows, n: rank, k: outFeatures, alpha: s,
          a: dy, lda: ldy, b: bb.baseAddress.unsafelyUnwrapped, ldb: rank, c: dp, ldc: rank)
      }
      // dB[O, R] += s · dYᵀ·P
      if let gb = gradients.buffer(for: b) {
        cache.projected.withUnsafeBufferPointer { pb in
          BLAS.gemm(
            transposeA: true, transposeB: false, m: outFeatures, n: rank, k: rows, alpha: s,
            a: dy, lda: ldy, b: pb.baseAddress.unsafelyUnwrapped, ldb: rank, beta: 1, c: gb,
            ldc: rank)
        }
      }
      // dA[R, I] += dPᵀ·dropout(x)
      if let ga = gradients.buffer(for: a) {
        cache.input.withUnsafeBufferPointer { xb in
          BLAS.gemm(
            transposeA: true, transposeB: false, m: rank, n: inF, k: rows, a: dp, lda: rank,
            b: xb.baseAddress.unsafelyUnwrapped, ldb: inF, beta: 1, c: ga, ldc: inF)
        }
      }
      guard let dx else { return }
      // dX += (dP·A) ⊙ mask
      var dInput = Tensor(uninitialized: [rows, inF])
      dInput.withUnsafeMutableBufferPointer { dib in
        let di = dib.baseAddress.unsafelyUnwrapped
        a.value.withUnsafeBufferPointer { ab in
          BLAS.gemm(
            transposeA: false, transposeB: false, m: rows, n: inF, k: rank, a: dp, lda: rank,
            b: ab.baseAddress.unsafelyUnwrapped, ldb: inF, c: di, ldc: inF)
        }
        if let mask = cache.inputMask {
          mask.withUnsafeBufferPointer {
            Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: di, count: rows * inF)
          }
        }
        for r in 0..<rows {
          let src = di + r * inF
          let dst = dx + r * lddx
          for j in 0..<inF { dst[j] += src[j] }
        }
      }
    }
  }
}

/// What a LoRA forward pass keeps for its backward pass.
public struct LoRACache {
  /// `dropout(x)` `[N, I]`.
  public var input: Tensor
  /// `dropout(x)·Aᵀ` `[N, R]`.
  public var projected: Tensor
  public var inputMask: [Float]?
}
