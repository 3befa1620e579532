import TensorCore

/// One frozen weight matrix `W [rows × columns]` of the decoder, kept either in its GGUF blocks
/// (4-bit Q4_0/Q4_1 or Q8_0: QLoRA's setting, a 4-bit frozen base) or dequantised to Float32.
///
/// Products: a single row (`decode`) runs a block-wise kernel on the quantised bytes
/// (`y[o] = Σ_b d_b·Σ_j q_j x_j + m_b·Σ_j x_j`); several rows dequantise the matrix block by block
/// into a scratch buffer and call OpenBLAS (dequantised per product, as QLoRA's NF4 path does).
public struct DecoderMatrix: Sendable {
  public enum Storage: Sendable, Equatable {
    /// The GGUF blocks as stored in the file.
    case quantized
    /// Dequantised once at load.
    case float32
  }

  public let rows: Int
  public let columns: Int
  public let type: GGUFTensorType
  /// GGUF blocks, row after row (empty in `float32` storage).
  let blocks: [UInt8]
  /// Row-major Float32 values (empty in `quantized` storage).
  let dense: [Float]

  public var byteCount: Int { blocks.count + dense.count * 4 }

  /// Whether one-row products on quantised blocks run the AVX2 kernel on this CPU (else the
  /// portable C one).
  public static var vectorizedKernel: Bool { QuantizedProduct.vectorized }

  public init(gguf: GGUFFile, name: String, rows: Int, columns: Int, storage: Storage)
    throws(GGUFError)
  {
    let info = try gguf.info(name)
    guard info.dimensions == [columns, rows] || (rows == 1 && info.dimensions == [columns]) else {
      throw .tensorShape(
        path: gguf.path, tensor: name, expected: [columns, rows], found: info.dimensions)
    }
    self.rows = rows
    self.columns = columns
    self.type = info.type
    if storage == .float32 || info.type == .f32 || info.type == .f16 {
      dense = try gguf.floats(name)
      blocks = []
    } else {
      blocks = gguf.withBytes(of: info) { Array($0) }
      dense = []
    }
  }

  /// A Float32 matrix (for instance base weights with a LoRA update merged).
  public init(dense: [Float], rows: Int, columns: Int) {
    precondition(dense.count == rows * columns)
    self.rows = rows
    self.columns = columns
    self.type = .f32
    self.blocks = []
    self.dense = dense
  }

  /// Float32 values of rows `range` into `out` (`range.count × columns`).
  public func dequantize(rows range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
    if !dense.isEmpty {
      dense.withUnsafeBufferPointer { d in
        (out).update(
          from: d.baseAddress.unsafelyUnwrapped + range.lowerBound * columns,
          count: range.count * columns)
      }
      return
    }
    let rowBytes = columns / 32 * type.blockBytes
    blocks.withUnsafeBytes { raw in
      let base = raw.baseAddress.unsafelyUnwrapped
      for (i, r) in range.enumerated() {
        for b in 0..<(columns / 32) {
          GGUFDequantizer.dequantizeBlock(
            type, base + r * rowBytes + b * type.blockBytes, into: out + i * columns + b * 32)
        }
      }
    }
  }

  /// `out[n × rows] (+)= input[n × columns] · Wᵀ`.
  public func apply(
    _ input: UnsafePointer<Float>, rows n: Int, into out: UnsafeMutablePointer<Float>,
    accumulate: Bool, scratch: inout [Float]
  ) {
    if !dense.isEmpty {
      dense.withUnsafeBufferPointer { w in
        BLAS.gemm(
          transposeA: false, transposeB: true, m: n, n: rows, k: columns, a: input, lda: columns,
          b: w.baseAddress.unsafelyUnwrapped, ldb: columns, beta: accumulate ? 1 : 0, c: out,
          ldc: rows)
      }
      return
    }
    if n == 1 {
      QuantizedProduct.matvec(self, input, into: out, accumulate: accumulate)
      return
    }
    if scratch.count < rows * columns { scratch = [Float](repeating: 0, count: rows * columns) }
    scratch.withUnsafeMutableBufferPointer { s in
      let w = s.baseAddress.unsafelyUnwrapped
      dequantize(rows: 0..<rows, into: w)
      BLAS.gemm(
        transposeA: false, transposeB: true, m: n, n: rows, k: columns, a: input, lda: columns,
        b: w, ldb: columns, beta: accumulate ? 1 : 0, c: out, ldc: rows)
    }
  }
}
