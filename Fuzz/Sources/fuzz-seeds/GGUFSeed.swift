/// A small GGUF (version 3) writer for the fuzz-gguf seeds: metadata of every kind the reader
/// knows and tensors of every supported type.
struct GGUFSeed {
  enum Value {
    case uint32(UInt32)
    case float32(Float)
    case string(String)
    case strings([String])
    case int32s([Int32])
  }

  var bytes: [UInt8] = []

  mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
  mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
  mutating func string(_ value: String) {
    u64(UInt64(value.utf8.count))
    bytes += Array(value.utf8)
  }

  mutating func value(_ value: Value) {
    switch value {
    case .uint32(let v): u32(4); u32(v)
    case .float32(let v): u32(6); u32(v.bitPattern)
    case .string(let v): u32(8); string(v)
    case .strings(let v):
      u32(9); u32(8); u64(UInt64(v.count))
      for s in v { string(s) }
    case .int32s(let v):
      u32(9); u32(5); u64(UInt64(v.count))
      for i in v { u32(UInt32(bitPattern: i)) }
    }
  }

  /// A file of `metadata` and `tensors` (name, dimensions, GGUF type code, data bytes).
  static func file(
    metadata: [(String, Value)], tensors: [(String, [Int], UInt32, [UInt8])]
  ) -> [UInt8] {
    var w = GGUFSeed()
    w.bytes = Array("GGUF".utf8)
    w.u32(3)
    w.u64(UInt64(tensors.count))
    w.u64(UInt64(metadata.count))
    for (key, value) in metadata {
      w.string(key)
      w.value(value)
    }
    var offset = 0
    for (name, dimensions, type, data) in tensors {
      w.string(name)
      w.u32(UInt32(dimensions.count))
      for d in dimensions { w.u64(UInt64(d)) }
      w.u32(type)
      w.u64(UInt64(offset))
      offset += (data.count + 31) / 32 * 32
    }
    while w.bytes.count % 32 != 0 { w.bytes.append(0) }
    for (_, _, _, data) in tensors {
      w.bytes += data
      while w.bytes.count % 32 != 0 { w.bytes.append(0) }
    }
    return w.bytes
  }
}
