import TensorCore

/// The contents of a checkpoint: named Float32 tensors plus a string map of metadata (method,
/// configuration, step, ...), stored as safetensors: an 8-byte little-endian header length, a JSON
/// header (`{"__metadata__":{...},"name":{"dtype":"F32","shape":[...],"data_offsets":[b,e]}}`,
/// padded with spaces to a multiple of 8 bytes), then the raw little-endian data.
public struct CheckpointFile: Sendable, Equatable {
  public var metadata: [String: String]
  /// Tensors sorted by name (the order of the data section).
  public private(set) var tensors: [(name: String, tensor: Tensor)]

  public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
    var seen = Set<String>()
    for entry in tensors {
      precondition(seen.insert(entry.name).inserted, "duplicate tensor name '\(entry.name)'")
      precondition(entry.name != "__metadata__", "'__metadata__' is reserved")
    }
    self.tensors = tensors.sorted { $0.name < $1.name }
    self.metadata = metadata
  }

  public subscript(name: String) -> Tensor? {
    tensors.first { $0.name == name }?.tensor
  }

  /// Tensors by name.
  public var tensorsByName: [String: Tensor] {
    Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.tensor) })
  }

  public static func == (lhs: CheckpointFile, rhs: CheckpointFile) -> Bool {
    lhs.metadata == rhs.metadata && lhs.tensors.count == rhs.tensors.count
      && zip(lhs.tensors, rhs.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
  }

  /// The safetensors bytes. Deterministic: metadata keys and tensors in sorted order.
  public func encoded() -> [UInt8] {
    var header = "{"
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { key in
        "\(Self.jsonString(key)):\(Self.jsonString(metadata[key] ?? ""))"
      }
      fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for (name, tensor) in tensors {
      let end = offset + tensor.count * 4
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(Self.jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
          + "\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    header += fields.joined(separator: ",") + "}"
    var headerBytes = Array(header.utf8)
    while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + headerBytes.count + offset)
    withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: headerBytes)
    for (_, tensor) in tensors {
      let start = bytes.count
      bytes.append(contentsOf: repeatElement(0, count: tensor.count * 4))
      bytes.withUnsafeMutableBytes { raw in
        tensor.withUnsafeBufferPointer { values in
          for i in 0..<values.count {
            raw.storeBytes(
              of: values[i].bitPattern.littleEndian, toByteOffset: start + 4 * i, as: UInt32.self)
          }
        }
      }
    }
    return bytes
  }

  /// A JSON string literal (quotes, backslashes and control characters escaped).
  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
