import Foundation

/// Writes small safetensors files for tests, with hooks to corrupt them.
struct SafeTensorsBuilder {
  var tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])] = []

  mutating func addF32(_ name: String, shape: [Int], values: [Float]? = nil) {
    let n = shape.reduce(1, *)
    let v = values ?? (0..<n).map { Float($0 % 7) * 0.01 }
    var bytes: [UInt8] = []
    for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
    tensors.append((name, "F32", shape, bytes))
  }

  mutating func addRaw(_ name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
    tensors.append((name, dtype, shape, bytes))
  }

  func header() -> String {
    var offset = 0
    var parts: [String] = []
    for t in tensors {
      let shape = t.shape.map(String.init).joined(separator: ",")
      parts.append(
        "\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + t.bytes.count)]}"
      )
      offset += t.bytes.count
    }
    return "{" + parts.joined(separator: ",") + "}"
  }

  func bytes(headerOverride: String? = nil) -> [UInt8] {
    let h = Array((headerOverride ?? header()).utf8)
    var out: [UInt8] = []
    withUnsafeBytes(of: UInt64(h.count).littleEndian) { out += $0 }
    out += h
    for t in tensors { out += t.bytes }
    return out
  }

  func write(to url: URL, headerOverride: String? = nil) throws {
    try Data(bytes(headerOverride: headerOverride)).write(to: url)
  }
}
