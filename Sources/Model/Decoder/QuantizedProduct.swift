import TensorCore

/// The matrix–vector product on GGUF blocks, for one decode token: the weights are read in
/// their 4-bit (or 8-bit) form, never dequantised to memory. Rows are split across the OpenBLAS
/// thread count.
enum QuantizedProduct {
  static func matvec(
    _ w: DecoderMatrix, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
    accumulate: Bool
  ) {
    let blocksPerRow = w.columns / 32
    // Σ_j x_j per block (for the Q4_1 minimum).
    var blockSums = [Float](repeating: 0, count: blocksPerRow)
    for b in 0..<blocksPerRow {
      var s: Float = 0
      for j in 0..<32 { s += x[b * 32 + j] }
      blockSums[b] = s
    }
    let threads = max(1, min(BLAS.threadCount, 8))
    let rowBytes = blocksPerRow * w.type.blockBytes
    let xs = UnsafeSendable(x)
    let ys = UnsafeSendable(y)
    blockSums.withUnsafeBufferPointer { sums in
      w.blocks.withUnsafeBytes { raw in
        let base = UnsafeSendable(raw.baseAddress.unsafelyUnwrapped)
        let sumsPointer = UnsafeSendable(sums.baseAddress.unsafelyUnwrapped)
        let chunk = (w.rows + threads - 1) / threads
        Parallel.forEach(threads) { t in
          let start = t * chunk
          let end = min(w.rows, start + chunk)
          guard start < end else { return }
          for r in start..<end {
            let row = base.value + r * rowBytes
            let dot: Float
            switch w.type {
            case .q4_1:
              dot = q41Row(row, xs.value, sumsPointer.value, blocks: blocksPerRow)
            case .q4_0:
              dot = q40Row(row, xs.value, blocks: blocksPerRow)
            default:
              dot = q80Row(row, xs.value, blocks: blocksPerRow)
            }
            ys.value[r] = accumulate ? ys.value[r] + dot : dot
          }
        }
      }
    }
  }

  @inline(__always)
  static func nibbleDot(_ qs: UnsafeRawPointer, _ x: UnsafePointer<Float>) -> Float {
    let bytes = qs.loadUnaligned(as: SIMD16<UInt8>.self)
    let low = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes & 0x0F))
    let high = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes &>> 4))
    let x0 = UnsafeRawPointer(x).loadUnaligned(as: SIMD16<Float>.self)
    let x1 = UnsafeRawPointer(x + 16).loadUnaligned(as: SIMD16<Float>.self)
    return (low * x0 + high * x1).sum()
  }

  static func q41Row(
    _ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, blocks: Int
  ) -> Float {
    var total: Float = 0
    for b in 0..<blocks {
      let block = row + b * 20
      let d = GGUFDequantizer.half(block, 0)
      let m = GGUFDequantizer.half(block, 2)
      total += d * nibbleDot(block + 4, x + b * 32) + m * sums[b]
    }
    return total
  }

  static func q40Row(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, blocks: Int) -> Float {
    var total: Float = 0
    for b in 0..<blocks {
      let block = row + b * 18
      let d = GGUFDequantizer.half(block, 0)
      let xb = x + b * 32
      var s: Float = 0
      for j in 0..<32 { s += xb[j] }
      total += d * (nibbleDot(block + 2, xb) - 8 * s)
    }
    return total
  }

  static func q80Row(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, blocks: Int) -> Float {
    var total: Float = 0
    for b in 0..<blocks {
      let block = row + b * 34
      let d = GGUFDequantizer.half(block, 0)
      let q0 = (block + 2).loadUnaligned(as: SIMD16<Int8>.self)
      let q1 = (block + 18).loadUnaligned(as: SIMD16<Int8>.self)
      let x0 = UnsafeRawPointer(x + b * 32).loadUnaligned(as: SIMD16<Float>.self)
      let x1 = UnsafeRawPointer(x + b * 32 + 16).loadUnaligned(as: SIMD16<Float>.self)
      let f0 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q0))
      let f1 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q1))
      total += d * (f0 * x0 + f1 * x1).sum()
    }
    return total
  }
}

/// A pointer handed to worker threads that write disjoint parts of it.
struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
