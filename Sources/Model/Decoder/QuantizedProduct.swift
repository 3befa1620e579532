import CQuantKernels
import TensorCore

/// The matrix–vector product on GGUF blocks, for one decode token: the weights are read in
/// their 4-bit (or 8-bit) form and widened to Float32 in registers, never dequantised to memory
/// (`CQuantKernels`: AVX2 + FMA where the CPU has them, chosen at run time, else portable C).
/// Rows are split across the OpenBLAS thread count when the matrix is large enough to pay for it.
enum QuantizedProduct {
  /// Rows below which one thread does the whole product (the fork/join costs more).
  static let rowsPerThreadMinimum = 1024

  /// Whether the AVX2 kernel runs on this CPU.
  static var vectorized: Bool { deft_qk_has_avx2() != 0 }

  static func kernelType(_ type: GGUFTensorType) -> Int32 {
    switch type {
    case .q4_0: Int32(DEFT_QK_Q4_0)
    case .q4_1: Int32(DEFT_QK_Q4_1)
    case .q8_0: Int32(DEFT_QK_Q8_0)
    case .f32, .f16: preconditionFailure("not a block type")
    }
  }

  static func matvec(
    _ w: DecoderMatrix, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
    accumulate: Bool, forceScalar: Bool = false
  ) {
    let blocksPerRow = w.columns / 32
    let rowBytes = blocksPerRow * w.type.blockBytes
    let type = kernelType(w.type)
    let threads = max(1, min(BLAS.threadCount, 8, w.rows / rowsPerThreadMinimum))
    let xs = UnsafeSendable(x)
    let ys = UnsafeSendable(y)
    w.blocks.withUnsafeBytes { raw in
      let base = UnsafeSendable(raw.baseAddress.unsafelyUnwrapped)
      let chunk = (w.rows + threads - 1) / threads
      Parallel.forEach(threads) { t in
        let start = t * chunk
        let end = min(w.rows, start + chunk)
        guard start < end else { return }
        deft_qk_matvec(
          type, base.value.assumingMemoryBound(to: UInt8.self) + start * rowBytes, rowBytes,
          Int32(end - start), Int32(blocksPerRow), xs.value, ys.value + start,
          accumulate ? 1 : 0, forceScalar ? 1 : 0)
      }
    }
  }
}

/// A pointer handed to worker threads that write disjoint parts of it.
struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
