import Foundation

/// A parsed GGUF file (versions 2 and 3): the header, the metadata key/value pairs, the tensor
/// table and the aligned data section, memory-mapped.
///
/// Everything is validated on open, before any tensor is read: magic, version, counts against
/// limits and the bytes left, every metadata type and string, every tensor's dimensions, type,
/// alignment and byte range. Errors name the byte offset and the key or tensor.
public struct GGUFFile: Sendable {
  public struct TensorInfo: Sendable, Equatable {
    public let name: String
    /// Dimensions in GGUF order: `dimensions[0]` varies fastest (the row length).
    public let dimensions: [Int]
    public let type: GGUFTensorType
    /// Offset relative to the start of the data section.
    public let offset: Int
    public let byteCount: Int
    public var elementCount: Int { dimensions.reduce(1, *) }
  }

  /// Most tensors and metadata pairs accepted (a 30-layer Llama has 272 tensors and 33 pairs).
  public static let maxTensors = 1 << 16
  public static let maxMetadata = 1 << 16
  /// Largest single dimension accepted.
  public static let maxDimension = 1 << 31

  public let path: String
  public let version: UInt32
  public let metadata: [String: GGUFValue]
  /// Metadata keys in file order.
  public let metadataKeys: [String]
  public let tensors: [String: TensorInfo]
  /// Tensor names in file order.
  public let tensorNames: [String]
  public let alignment: Int
  public let dataStart: Int
  let data: Data

  public init(path: String) throws(GGUFError) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    try self.init(data: data, path: path)
  }

  public init(data: Data, path: String) throws(GGUFError) {
    let parsed = data.withUnsafeBytes { raw in
      Result { () throws(GGUFError) -> Header in try Header.parse(raw, path: path) }
    }
    let header = try parsed.get()
    self.path = path
    self.version = header.version
    self.metadata = header.metadata
    self.metadataKeys = header.metadataKeys
    self.tensors = Dictionary(uniqueKeysWithValues: header.tensors.map { ($0.name, $0) })
    self.tensorNames = header.tensors.map(\.name)
    self.alignment = header.alignment
    self.dataStart = header.dataStart
    self.data = data
  }

  /// The info of tensor `name`.
  public func info(_ name: String) throws(GGUFError) -> TensorInfo {
    guard let info = tensors[name] else { throw .missingTensor(path: path, tensor: name) }
    return info
  }

  /// Calls `body` with the raw bytes of tensor `name` (valid only inside `body`).
  public func withBytes<R>(
    of info: TensorInfo, _ body: (UnsafeRawBufferPointer) -> R
  ) -> R {
    data.withUnsafeBytes { raw in
      let start = dataStart + info.offset
      return body(UnsafeRawBufferPointer(rebasing: raw[start..<(start + info.byteCount)]))
    }
  }

  /// Tensor `name` dequantised to Float32, row-major with `dimensions[0]` fastest. When
  /// `expected` is given (GGUF order), the dimensions must equal it.
  public func floats(_ name: String, expected: [Int]? = nil) throws(GGUFError) -> [Float] {
    let info = try info(name)
    if let expected, expected != info.dimensions {
      throw .tensorShape(path: path, tensor: name, expected: expected, found: info.dimensions)
    }
    var out = [Float](repeating: 0, count: info.elementCount)
    out.withUnsafeMutableBufferPointer { buffer in
      withBytes(of: info) { bytes in
        GGUFDequantizer.dequantize(
          info.type, bytes: bytes, count: info.elementCount,
          into: buffer.baseAddress.unsafelyUnwrapped)
      }
    }
    return out
  }

  public func string(_ key: String) -> String? { metadata[key]?.stringValue }
  public func int(_ key: String) -> Int? { metadata[key]?.intValue }
  public func double(_ key: String) -> Double? { metadata[key]?.doubleValue }
}
