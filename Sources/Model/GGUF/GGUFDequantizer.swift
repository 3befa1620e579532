/// Dequantisation of ggml blocks to Float32, as ggml and gguf-py compute it (scale and minimum
/// widened from f16 to f32, then `d * q + m` in f32).
public enum GGUFDequantizer {
  /// Dequantises `count` values of `type` from `bytes` into `out`.
  public static func dequantize(
    _ type: GGUFTensorType, bytes: UnsafeRawBufferPointer, count: Int,
    into out: UnsafeMutablePointer<Float>
  ) {
    precondition(type.byteCount(elements: count).map { $0 <= bytes.count } ?? false)
    guard let base = bytes.baseAddress else { return }
    switch type {
    case .f32:
      for i in 0..<count {
        out[i] = Float(bitPattern: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
      }
    case .f16:
      for i in 0..<count { out[i] = half(base, 2 * i) }
    case .q4_0, .q4_1, .q8_0:
      for block in 0..<(count / 32) {
        dequantizeBlock(type, base + block * type.blockBytes, into: out + block * 32)
      }
    }
  }

  /// One 32-value block of a quantised type.
  @inline(__always)
  public static func dequantizeBlock(
    _ type: GGUFTensorType, _ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>
  ) {
    let d = half(block, 0)
    switch type {
    case .q4_0:
      let qs = block + 2
      for j in 0..<16 {
        let byte = qs.load(fromByteOffset: j, as: UInt8.self)
        out[j] = Float(Int(byte & 0x0F) - 8) * d
        out[j + 16] = Float(Int(byte >> 4) - 8) * d
      }
    case .q4_1:
      let m = half(block, 2)
      let qs = block + 4
      for j in 0..<16 {
        let byte = qs.load(fromByteOffset: j, as: UInt8.self)
        out[j] = Float(byte & 0x0F) * d + m
        out[j + 16] = Float(byte >> 4) * d + m
      }
    case .q8_0:
      let qs = block + 2
      for j in 0..<32 { out[j] = Float(qs.load(fromByteOffset: j, as: Int8.self)) * d }
    case .f32, .f16:
      preconditionFailure("not a block type")
    }
  }

  @inline(__always)
  static func half(_ base: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
  }
}
