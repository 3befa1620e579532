/// The parsed header, metadata and tensor table of a GGUF file (see `GGUFFile`).
struct GGUFHeader {
  var version: UInt32 = 0
  var metadata: [String: GGUFValue] = [:]
  var metadataKeys: [String] = []
  var tensors: [GGUFFile.TensorInfo] = []
  var alignment = 32
  var dataStart = 0
}

extension GGUFFile {
  typealias Header = GGUFHeader
}

extension GGUFHeader {
  static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(GGUFError) -> GGUFHeader {
    var cursor = GGUFCursor(bytes: bytes, path: path)
    var header = GGUFHeader()
    guard bytes.count >= 4 else {
      throw .truncated(path: path, offset: 0, needed: 4, fileBytes: bytes.count, reading: "magic")
    }
    let magic = Array(bytes[0..<4])
    guard magic == Array("GGUF".utf8) else { throw .badMagic(path: path, found: magic) }
    cursor.offset = 4
    header.version = try cursor.read(UInt32.self, "version")
    guard header.version == 2 || header.version == 3 else {
      throw .unsupportedVersion(path: path, found: header.version)
    }
    let tensorCountOffset = cursor.offset
    let tensorCount = try cursor.read(UInt64.self, "tensor count")
    let metadataCountOffset = cursor.offset
    let metadataCount = try cursor.read(UInt64.self, "metadata count")
    // A tensor info takes at least 24 bytes and a metadata pair at least 13.
    guard tensorCount <= UInt64(GGUFFile.maxTensors), tensorCount <= UInt64(cursor.remaining / 24)
    else {
      throw .countLimit(
        path: path, offset: tensorCountOffset, what: "tensor count", found: tensorCount,
        limit: min(GGUFFile.maxTensors, cursor.remaining / 24))
    }
    guard metadataCount <= UInt64(GGUFFile.maxMetadata),
      metadataCount <= UInt64(cursor.remaining / 13)
    else {
      throw .countLimit(
        path: path, offset: metadataCountOffset, what: "metadata count", found: metadataCount,
        limit: min(GGUFFile.maxMetadata, cursor.remaining / 13))
    }
    for _ in 0..<Int(metadataCount) {
      let keyOffset = cursor.offset
      let key = try cursor.readString("metadata key")
      let type = try cursor.read(UInt32.self, "metadata '\(key)' type")
      let value = try cursor.readValue(type: type, key: key)
      guard header.metadata[key] == nil else {
        throw .duplicate(path: path, offset: keyOffset, what: "metadata key", name: key)
      }
      header.metadata[key] = value
      header.metadataKeys.append(key)
    }
    if let alignment = header.metadata["general.alignment"] {
      guard case .uint(let value) = alignment, value >= 1, value <= 65536,
        value & (value - 1) == 0
      else {
        let found: UInt64
        switch alignment {
        case .uint(let v): found = v
        case .int(let v): found = UInt64(bitPattern: v)
        default: found = 0
        }
        throw .badAlignment(path: path, found: found)
      }
      header.alignment = Int(value)
    }
    var names = Set<String>()
    var pending: [(info: GGUFFile.TensorInfo, infoOffset: Int)] = []
    for _ in 0..<Int(tensorCount) {
      let infoOffset = cursor.offset
      let name = try cursor.readString("tensor name")
      guard names.insert(name).inserted else {
        throw .duplicate(path: path, offset: infoOffset, what: "tensor", name: name)
      }
      pending.append((try parseTensorInfo(&cursor, name: name, infoOffset: infoOffset), infoOffset))
    }
    let alignment = header.alignment
    let (padded, overflow) = cursor.offset.addingReportingOverflow(alignment - 1)
    precondition(!overflow, "header offset overflow")
    header.dataStart = padded / alignment * alignment
    for (info, _) in pending {
      let start = header.dataStart.addingReportingOverflow(info.offset)
      let end = start.partialValue.addingReportingOverflow(info.byteCount)
      guard info.offset % alignment == 0, !start.overflow, !end.overflow,
        end.partialValue <= bytes.count
      else {
        throw .tensorRange(
          path: path, tensor: info.name, offset: UInt64(info.offset), bytes: info.byteCount,
          dataStart: header.dataStart, fileBytes: bytes.count)
      }
      header.tensors.append(info)
    }
    return header
  }

  private static func parseTensorInfo(
    _ cursor: inout GGUFCursor, name: String, infoOffset: Int
  ) throws(GGUFError) -> GGUFFile.TensorInfo {
    let path = cursor.path
    let dimensionCount = try cursor.read(UInt32.self, "tensor '\(name)' dimension count")
    guard (1...4).contains(dimensionCount) else {
      throw .tensorDimensions(
        path: path, offset: infoOffset, tensor: name,
        problem: "\(dimensionCount) dimensions, expected 1...4")
    }
    var dimensions: [Int] = []
    var elements = 1
    for _ in 0..<Int(dimensionCount) {
      let size = try cursor.read(UInt64.self, "tensor '\(name)' dimensions")
      guard size >= 1, size <= UInt64(GGUFFile.maxDimension) else {
        throw .tensorDimensions(
          path: path, offset: infoOffset, tensor: name,
          problem: "dimension \(size) is outside 1...\(GGUFFile.maxDimension)")
      }
      let (product, overflow) = elements.multipliedReportingOverflow(by: Int(size))
      guard !overflow else {
        throw .tensorDimensions(
          path: path, offset: infoOffset, tensor: name,
          problem: "dimensions \(dimensions + [Int(size)]) have more elements than can exist")
      }
      elements = product
      dimensions.append(Int(size))
    }
    let typeOffset = cursor.offset
    let rawType = try cursor.read(UInt32.self, "tensor '\(name)' type")
    guard let type = GGUFTensorType(rawValue: rawType) else {
      throw .unknownTensorType(path: path, offset: typeOffset, tensor: name, found: rawType)
    }
    guard dimensions[0] % type.blockElements == 0,
      let byteCount = type.byteCount(elements: elements)
    else {
      throw .tensorDimensions(
        path: path, offset: infoOffset, tensor: name,
        problem: "row length \(dimensions[0]) is not a multiple of \(type.name)'s block of "
          + "\(type.blockElements)")
    }
    let offsetAt = cursor.offset
    let offset = try cursor.read(UInt64.self, "tensor '\(name)' offset")
    guard offset <= UInt64(cursor.bytes.count) else {
      throw .tensorRange(
        path: path, tensor: name, offset: offset, bytes: byteCount, dataStart: offsetAt,
        fileBytes: cursor.bytes.count)
    }
    return GGUFFile.TensorInfo(
      name: name, dimensions: dimensions, type: type, offset: Int(offset), byteCount: byteCount)
  }
}
