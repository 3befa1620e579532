/// A matrix stored in 4-bit NormalFloat (NF4), as QLoRA stores frozen base weights
/// (Dettmers et al. 2023, bitsandbytes `quantize_4bit(quant_type="nf4")`).
///
/// The row-major values are cut into blocks of `blockSize` (64) consecutive values; each block
/// keeps its absolute maximum as a Float32 scale and each value the index of the nearest of the
/// 16 NF4 levels of `value / absmax`. Two indices share a byte (first value in the low nibble).
/// Dequantisation is `level[index] · absmax`. Memory: ½ byte per value + 4 bytes per block.
public struct NF4Matrix: Sendable, Equatable {
  /// bitsandbytes' NF4 levels: quantiles of N(0, 1) normalised to [−1, 1], with an exact 0.
  public static let levels: [Float] = [
    -1.0, -0.696_192_8, -0.525_073_05, -0.394_917_5, -0.284_441_38, -0.184_773_43,
    -0.091_050_036, 0.0, 0.079_580_3, 0.160_930_2, 0.246_112_3, 0.337_915_24, 0.440_709_83,
    0.562_617, 0.722_956_84, 1.0,
  ]

  public let shape: [Int]
  public let blockSize: Int
  public private(set) var packedIndices: [UInt8]
  public private(set) var absmax: [Float]

  public var count: Int { shape.reduce(1, *) }

  /// Bytes held: packed indices plus per-block scales.
  public var storageBytes: Int { packedIndices.count + absmax.count * 4 }

  /// Quantises `tensor` (any shape; blocks run over its row-major scalars).
  public init(quantizing tensor: Tensor, blockSize: Int = 64) {
    precondition(blockSize > 0 && blockSize % 2 == 0, "blockSize must be even and > 0")
    self.shape = tensor.shape
    self.blockSize = blockSize
    let n = tensor.count
    let blocks = (n + blockSize - 1) / blockSize
    var packed = [UInt8](repeating: 0, count: (n + 1) / 2)
    var scales = [Float](repeating: 0, count: blocks)
    let midpoints = (0..<15).map { (Self.levels[$0] + Self.levels[$0 + 1]) / 2 }
    tensor.withUnsafeBufferPointer { x in
      for b in 0..<blocks {
        let range = (b * blockSize)..<min(n, (b + 1) * blockSize)
        var m: Float = 0
        for i in range { m = max(m, abs(x[i])) }
        scales[b] = m
        let inverse: Float = m > 0 ? 1 / m : 0
        for i in range {
          let v = x[i] * inverse
          var index = 0
          while index < 15 && v > midpoints[index] { index += 1 }
          packed[i >> 1] |= UInt8(index) << (i & 1 == 0 ? 0 : 4)
        }
      }
    }
    self.packedIndices = packed
    self.absmax = scales
  }

  /// Writes the dequantised row-major values into `output` (`count` floats).
  public func dequantize(into output: UnsafeMutablePointer<Float>) {
    let n = count
    Self.levels.withUnsafeBufferPointer { level in
      packedIndices.withUnsafeBufferPointer { packed in
        absmax.withUnsafeBufferPointer { scale in
          for b in 0..<scale.count {
            let s = scale[b]
            let start = b * blockSize
            let end = min(n, start + blockSize)
            var i = start
            while i + 1 < end {
              let byte = packed[i >> 1]
              output[i] = level[Int(byte & 0xF)] * s
              output[i + 1] = level[Int(byte >> 4)] * s
              i += 2
            }
            if i < end { output[i] = level[Int(packed[i >> 1] & 0xF)] * s }
          }
        }
      }
    }
  }

  /// The dequantised values as a tensor.
  public func dequantized() -> Tensor {
    var t = Tensor(uninitialized: shape)
    t.withUnsafeMutableBufferPointer { dequantize(into: $0.baseAddress.unsafelyUnwrapped) }
    return t
  }
}
