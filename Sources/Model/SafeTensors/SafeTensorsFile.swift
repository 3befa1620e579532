import Foundation
import TensorCore

/// A parsed safetensors file: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to `{dtype, shape, data_offsets}`, then the raw little-endian data.
///
/// Everything is validated on open: header length against the file size, the JSON, every dtype,
/// shape and byte range. F32, F16 and BF16 tensors are readable as Float; integer buffers (such as
/// BERT's `position_ids`) are listed but skipped.
public struct SafeTensorsFile: Sendable {
  public struct Entry: Sendable, Equatable {
    public let dtype: DType
    public let shape: [Int]
    /// Byte range relative to the start of the data section.
    public let dataRange: Range<Int>
  }

  public enum DType: String, Sendable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case u8 = "U8"
    case bool = "BOOL"

    var bytesPerElement: Int {
      switch self {
      case .f32, .i32: return 4
      case .f16, .bf16: return 2
      case .i64: return 8
      case .u8, .bool: return 1
      }
    }
    var isFloat: Bool { self == .f32 || self == .f16 || self == .bf16 }
  }

  public let path: String
  public let entries: [String: Entry]
  public let metadata: [String: String]
  private let data: Data
  private let dataStart: Int

  /// Names of all tensors, sorted.
  public var names: [String] { entries.keys.sorted() }

  public init(path: String) throws(ModelError) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    try self.init(data: data, path: path)
  }

  public init(data: Data, path: String) throws(ModelError) {
    guard data.count >= 8 else { throw .safetensorsTooSmall(path: path, bytes: data.count) }
    var headerLength: UInt64 = 0
    for i in 0..<8 { headerLength |= UInt64(data[data.startIndex + i]) << (8 * UInt64(i)) }
    guard headerLength >= 2, headerLength <= UInt64(data.count - 8) else {
      throw .safetensorsHeaderLength(path: path, headerBytes: headerLength, fileBytes: data.count)
    }
    let headerRange = (data.startIndex + 8)..<(data.startIndex + 8 + Int(headerLength))
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: data.subdata(in: headerRange))
    } catch {
      throw .safetensorsHeaderJSON(path: path, reason: "\(error.localizedDescription)")
    }
    guard let object = json as? [String: Any] else {
      throw .safetensorsHeaderJSON(path: path, reason: "top level is not an object")
    }
    let dataBytes = data.count - 8 - Int(headerLength)
    var entries: [String: Entry] = [:]
    var metadata: [String: String] = [:]
    for (name, value) in object {
      if name == "__metadata__" {
        metadata = (value as? [String: String]) ?? [:]
        continue
      }
      entries[name] = try Self.parseEntry(
        name: name, value: value, dataBytes: dataBytes, path: path)
    }
    self.path = path
    self.entries = entries
    self.metadata = metadata
    self.data = data
    self.dataStart = 8 + Int(headerLength)
  }

  private static func parseEntry(name: String, value: Any, dataBytes: Int, path: String)
    throws(ModelError) -> Entry
  {
    guard let fields = value as? [String: Any] else {
      throw .safetensorsEntry(path: path, tensor: name, problem: "entry is not an object")
    }
    guard let dtypeName = fields["dtype"] as? String else {
      throw .safetensorsEntry(path: path, tensor: name, problem: "missing 'dtype'")
    }
    guard let dtype = DType(rawValue: dtypeName) else {
      throw .safetensorsEntry(
        path: path, tensor: name,
        problem: "unsupported dtype '\(dtypeName)' (expected F32, F16, BF16, I64, I32, U8, BOOL)")
    }
    guard let shapeValues = fields["shape"] as? [Any],
      let shape = Optional(shapeValues.compactMap { ($0 as? NSNumber)?.intValue }),
      shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 })
    else {
      throw .safetensorsEntry(
        path: path, tensor: name, problem: "'shape' must be a list of non-negative integers")
    }
    guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
      let begin = (offsets[0] as? NSNumber)?.intValue,
      let end = (offsets[1] as? NSNumber)?.intValue
    else {
      throw .safetensorsEntry(
        path: path, tensor: name, problem: "'data_offsets' must be [begin, end] integers")
    }
    // Checked: a hostile shape's product must be an error, not an overflow.
    var expected = dtype.bytesPerElement
    for size in shape {
      let (product, overflow) = expected.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw .safetensorsEntry(
          path: path, tensor: name, problem: "'shape' \(shape) has more elements than can exist")
      }
      expected = product
    }
    guard begin >= 0, end >= begin, end <= dataBytes, end - begin == expected else {
      throw .safetensorsRange(
        path: path, tensor: name, begin: begin, end: end, expectedBytes: expected,
        dataBytes: dataBytes)
    }
    return Entry(dtype: dtype, shape: shape, dataRange: begin..<end)
  }

  /// Reads a floating-point tensor as Float32, checking its shape when `expectedShape` is given.
  public func tensor(_ name: String, expectedShape: [Int]? = nil) throws(ModelError) -> Tensor {
    guard let entry = entries[name] else {
      throw .missingTensor(path: path, tensor: name, available: names)
    }
    guard entry.dtype.isFloat else {
      throw .safetensorsEntry(
        path: path, tensor: name, problem: "dtype \(entry.dtype.rawValue) is not a float type")
    }
    if let expectedShape, expectedShape != entry.shape {
      throw .shapeMismatch(path: path, tensor: name, expected: expectedShape, found: entry.shape)
    }
    let count = entry.shape.reduce(1, *)
    var scalars = [Float](repeating: 0, count: count)
    let start = data.startIndex + dataStart + entry.dataRange.lowerBound
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let base = raw.baseAddress.map { $0 + (start - data.startIndex) }
      guard let base else { return }
      scalars.withUnsafeMutableBufferPointer { out in
        switch entry.dtype {
        case .f32:
          for i in 0..<count {
            out[i] = Float(bitPattern: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
          }
        case .f16:
          for i in 0..<count {
            out[i] = Float(
              Float16(bitPattern: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
          }
        case .bf16:
          for i in 0..<count {
            let bits = base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            out[i] = Float(bitPattern: UInt32(bits) << 16)
          }
        default: break
        }
      }
    }
    return Tensor(shape: entry.shape, scalars: scalars)
  }

  /// Whether the file holds a tensor called `name`.
  public func contains(_ name: String) -> Bool { entries[name] != nil }
}
