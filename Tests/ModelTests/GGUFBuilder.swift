import Foundation

/// Writes small GGUF files for tests: metadata pairs and tensors of any type and bytes, with the
/// header fields open to corruption.
struct GGUFBuilder {
  enum Value {
    case u32(UInt32)
    case f32(Float)
    case string(String)
    case strings([String])
  }

  struct Tensor {
    var name: String
    var dimensions: [UInt64]
    var type: UInt32
    var bytes: [UInt8]
    var offsetOverride: UInt64? = nil
  }

  var metadata: [(String, Value)] = []
  var tensors: [Tensor] = []
  var magic: [UInt8] = Array("GGUF".utf8)
  var version: UInt32 = 3
  var tensorCountOverride: UInt64? = nil
  var metadataCountOverride: UInt64? = nil
  let alignment = 32

  func build() -> Data {
    var out = Data(magic)
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    func string(_ s: String) {
      u64(UInt64(s.utf8.count))
      out.append(contentsOf: Array(s.utf8))
    }
    u32(version)
    u64(tensorCountOverride ?? UInt64(tensors.count))
    u64(metadataCountOverride ?? UInt64(metadata.count))
    for (key, value) in metadata {
      string(key)
      switch value {
      case .u32(let v):
        u32(4)
        u32(v)
      case .f32(let v):
        u32(6)
        u32(v.bitPattern)
      case .string(let s):
        u32(8)
        string(s)
      case .strings(let list):
        u32(9)
        u32(8)
        u64(UInt64(list.count))
        for s in list { string(s) }
      }
    }
    var offset: UInt64 = 0
    var offsets: [UInt64] = []
    for tensor in tensors {
      offsets.append(offset)
      let padded = (UInt64(tensor.bytes.count) + UInt64(alignment) - 1) / UInt64(alignment)
      offset += padded * UInt64(alignment)
    }
    for (tensor, at) in zip(tensors, offsets) {
      string(tensor.name)
      u32(UInt32(tensor.dimensions.count))
      for d in tensor.dimensions { u64(d) }
      u32(tensor.type)
      u64(tensor.offsetOverride ?? at)
    }
    while out.count % alignment != 0 { out.append(0) }
    for tensor in tensors {
      out.append(contentsOf: tensor.bytes)
      while out.count % alignment != 0 { out.append(0) }
    }
    return out
  }
}
