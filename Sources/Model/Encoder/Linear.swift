import TensorCore

/// A fully connected layer `y = x · Wᵀ + b` with Hugging Face's weight layout `W[out, in]`.
///
/// The weight is dense Float32, or — for QLoRA's frozen base model — NF4 (4-bit, per-block
/// absmax) and dequantised on the fly for each product.
// N rows, I in features, O out features
public final class Linear {
  public let weight: Parameter
  public let bias: Parameter?
  public let inFeatures: Int
  public let outFeatures: Int
  /// The NF4 form of a frozen weight; when set, `weight.value` is empty.
  public private(set) var quantizedWeight: NF4Matrix?

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

  /// Replaces the (frozen) dense weight by its NF4 quantisation, freeing the Float32 storage.
  public func quantizeWeight(blockSize: Int) {
    precondition(!weight.isTrainable, "only frozen weights are quantised")
    guard quantizedWeight == nil else { return }
    quantizedWeight = NF4Matrix(quantizing: weight.value, blockSize: blockSize)
    weight.value = Tensor(zeros: [0])
  }

  /// Bytes the weight occupies (Float32 or NF4 + scales).
  public var weightStorageBytes: Int {
    quantizedWeight?.storageBytes ?? weight.value.count * MemoryLayout<Float>.size
  }

  /// Calls `body` with the dense row-major weight `[O, I]` (dequantised into a scratch buffer
  /// for an NF4 weight).
  public func withWeight<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
    if let q = quantizedWeight {
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: q.count)
      defer { scratch.deallocate() }
      q.dequantize(into: scratch)
      return body(scratch)
    }
    return weight.value.withUnsafeBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
  }

  /// `y[N, O] = x[N, I] · Wᵀ + b` (`accumulate` adds into `y` instead).
  public func forward(
    _ x: UnsafePointer<Float>, ldx: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int,
    accumulate: Bool = false
  ) {
    withWeight { w in
      BLAS.gemm(
        transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
        a: x, lda: ldx, b: w, ldb: inFeatures, beta: accumulate ? 1 : 0, c: y, ldc: ldy)
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

  /// Backward pass: `dX (+)= dY · W` when `gradInput` is given, and, only for parameters that
  /// `gradients` holds (trainable ones), `dW += dYᵀ · X`, `db += Σ dY`. A frozen weight never
  /// computes its gradient.
  public func backward(
    input x: UnsafePointer<Float>?, ldx: Int, gradOutput dy: UnsafePointer<Float>, ldy: Int,
    rows: Int, gradInput dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulateInput: Bool,
    gradients: GradientStore
  ) {
    if let dx {
      withWeight { w in
        BLAS.gemm(
          transposeA: false, transposeB: false, m: rows, n: inFeatures, k: outFeatures,
          a: dy, lda: ldy, b: w, ldb: inFeatures, beta: accumulateInput ? 1 : 0, c: dx,
          ldc: lddx)
      }
    }
    if let gw = gradients.buffer(for: weight) {
      guard let x else { preconditionFailure("\(weight.name): trainable weight needs its input") }
      BLAS.gemm(
        transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows,
        a: dy, lda: ldy, b: x, ldb: ldx, beta: 1, c: gw, ldc: inFeatures)
    }
    if let bias, let gb = gradients.buffer(for: bias) {
      for r in 0..<rows {
        let row = dy + r * ldy
        for j in 0..<outFeatures { gb[j] += row[j] }
      }
    }
  }
}
