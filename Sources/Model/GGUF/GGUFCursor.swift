/// Reads little-endian GGUF header fields from raw bytes, checking every read against the end of
/// the file and every count against a limit before anything is allocated.
struct GGUFCursor {
  let bytes: UnsafeRawBufferPointer
  let path: String
  var offset = 0

  /// Longest metadata string accepted (the chat template and token texts are far shorter).
  static let maxStringBytes = 1 << 24
  /// Most elements of one metadata array (a vocabulary of 49,152 tokens is well inside).
  static let maxArrayElements = 1 << 24
  /// Deepest nesting of metadata arrays.
  static let maxArrayDepth = 4

  init(bytes: UnsafeRawBufferPointer, path: String) {
    self.bytes = bytes
    self.path = path
  }

  var remaining: Int { bytes.count - offset }

  mutating func need(_ count: Int, _ reading: String) throws(GGUFError) {
    guard count >= 0, count <= remaining else {
      throw .truncated(
        path: path, offset: offset, needed: count, fileBytes: bytes.count, reading: reading)
    }
  }

  mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ reading: String) throws(GGUFError)
    -> T
  {
    try need(MemoryLayout<T>.size, reading)
    let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    offset += MemoryLayout<T>.size
    return value
  }

  mutating func readString(_ reading: String) throws(GGUFError) -> String {
    let start = offset
    let length = try read(UInt64.self, reading + " length")
    guard length <= UInt64(Self.maxStringBytes), length <= UInt64(remaining) else {
      throw .countLimit(
        path: path, offset: start, what: reading + " length", found: length,
        limit: min(Self.maxStringBytes, remaining))
    }
    let count = Int(length)
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    guard let string = String(validating: slice, as: UTF8.self) else {
      throw .invalidUTF8(path: path, offset: offset, reading: reading)
    }
    offset += count
    return string
  }

  /// One metadata value of ggml type `type` (0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32,
  /// 7 bool, 8 string, 9 array, 10 u64, 11 i64, 12 f64).
  mutating func readValue(type: UInt32, key: String, depth: Int = 0) throws(GGUFError)
    -> GGUFValue
  {
    let what = "metadata '\(key)'"
    switch type {
    case 0: return .uint(UInt64(try read(UInt8.self, what)))
    case 1: return .int(Int64(try read(Int8.self, what)))
    case 2: return .uint(UInt64(try read(UInt16.self, what)))
    case 3: return .int(Int64(try read(Int16.self, what)))
    case 4: return .uint(UInt64(try read(UInt32.self, what)))
    case 5: return .int(Int64(try read(Int32.self, what)))
    case 6: return .float(Double(Float(bitPattern: try read(UInt32.self, what))))
    case 7:
      let byte = try read(UInt8.self, what)
      return .bool(byte != 0)
    case 8: return .string(try readString(what))
    case 9:
      let typeOffset = offset
      let elementType = try read(UInt32.self, what + " element type")
      guard elementType <= 12 else {
        throw .metadataType(path: path, offset: typeOffset, key: key, found: elementType)
      }
      guard depth < Self.maxArrayDepth else {
        throw .countLimit(
          path: path, offset: typeOffset, what: what + " array nesting",
          found: UInt64(depth + 1), limit: Self.maxArrayDepth)
      }
      let countOffset = offset
      let count = try read(UInt64.self, what + " element count")
      // Every element takes at least one byte, so a count above the bytes left is a lie.
      guard count <= UInt64(Self.maxArrayElements), count <= UInt64(remaining) else {
        throw .countLimit(
          path: path, offset: countOffset, what: what + " element count", found: count,
          limit: min(Self.maxArrayElements, remaining))
      }
      var values: [GGUFValue] = []
      values.reserveCapacity(Int(count))
      for _ in 0..<Int(count) {
        values.append(try readValue(type: elementType, key: key, depth: depth + 1))
      }
      return .array(values)
    case 10: return .uint(try read(UInt64.self, what))
    case 11: return .int(try read(Int64.self, what))
    case 12: return .float(Double(bitPattern: try read(UInt64.self, what)))
    default:
      throw .metadataType(path: path, offset: offset - 4, key: key, found: type)
    }
  }
}
