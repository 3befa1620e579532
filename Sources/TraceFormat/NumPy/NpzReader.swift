/// Reads the arrays of an `.npz` file (stored or deflated members), each as a stream: memory is
/// bounded by the caller's chunks, not by the array. Several arrays can be read at once.
public final class NpzReader {
  public let path: String
  let archive: ZipArchive
  /// Array names (member names without `.npy`), in archive order.
  public let arrayNames: [String]

  public init(path: String) throws(NpzError) {
    self.path = path
    archive = try ZipArchive(path: path)
    var names: [String] = []
    for member in archive.members where member.name.hasSuffix(".npy") {
      let name = String(member.name.dropLast(4))
      guard !names.contains(name) else {
        throw NpzError(path: path, array: name, reason: "present twice")
      }
      names.append(name)
    }
    arrayNames = names
  }

  public func has(_ name: String) -> Bool { arrayNames.contains(name) }

  /// Opens array `name` and reads its header.
  public func array(_ name: String) throws(NpzError) -> NpyArrayStream {
    guard let member = archive.members.first(where: { $0.name == name + ".npy" }) else {
      throw NpzError(path: path, array: name, reason: "missing")
    }
    let reader = try ZipMemberReader(archive: archive, member: member, arrayName: name)
    let header = try NpyHeader.read(from: reader)
    guard let bytes = TraceLimits.product(header.count, header.itemSize),
      bytes == reader.remaining
    else {
      throw reader.fail(
        "shape \(header.shape) of \(header.descr) needs \(header.count * header.itemSize) bytes, "
          + "the member holds \(reader.remaining)")
    }
    return NpyArrayStream(name: name, header: header, reader: reader)
  }
}

/// One array's elements, read in C order.
public final class NpyArrayStream {
  public let name: String
  public let header: NpyHeader
  let reader: ZipMemberReader

  init(name: String, header: NpyHeader, reader: ZipMemberReader) {
    self.name = name
    self.header = header
    self.reader = reader
  }

  public var shape: [Int] { header.shape }
  /// Elements not read yet.
  public var remainingElements: Int { reader.remaining / header.itemSize }

  public func fail(_ reason: String) -> NpzError { reader.fail(reason) }

  /// Requires the array's dtype kind to be one of `kinds` (`"iu"`: integers, …).
  public func require(kinds: String, _ what: String) throws(NpzError) {
    guard kinds.contains(header.kind) else {
      throw fail("dtype \(header.descr), expected \(what)")
    }
  }

  /// Requires a shape; `nil` entries match any size.
  public func require(shape expected: [Int?]) throws(NpzError) {
    let ok =
      expected.count == shape.count
      && zip(expected, shape).allSatisfy { want, have in want.map { $0 == have } ?? true }
    guard ok else {
      let text = "(" + expected.map { $0.map(String.init) ?? "any" }.joined(separator: ", ") + ")"
      throw fail("shape \(shape), expected \(text)")
    }
  }

  /// The next `count` elements as raw little-endian bytes.
  public func readBytes(_ count: Int) throws(NpzError) -> [UInt8] {
    try reader.read(count: count * header.itemSize)
  }

  /// Reads into `buffer` (its size must be a multiple of the item size).
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(NpzError) {
    try reader.read(into: buffer)
  }

  /// The next `count` elements of an integer or boolean array as `Int` (a `u8` above `Int.max`
  /// is an error).
  public func readInts(_ count: Int) throws(NpzError) -> [Int] {
    let bytes = try readBytes(count)
    let size = header.itemSize
    let signed = header.kind == "i"
    var result = [Int](repeating: 0, count: count)
    for i in 0..<count {
      var raw: UInt64 = 0
      for b in 0..<size { raw |= UInt64(bytes[i * size + b]) << UInt64(8 * b) }
      if signed && size < 8 && raw >> UInt64(8 * size - 1) & 1 == 1 {
        raw |= ~0 << UInt64(8 * size)
      }
      if !signed && raw > UInt64(Int.max) {
        throw fail("element \(i) is \(raw), above \(Int.max)")
      }
      result[i] = Int(Int64(bitPattern: raw))
    }
    return result
  }

  /// The next `count` elements of a float array as `Float` (`f8` rounded to the nearest).
  public func readFloats(_ count: Int) throws(NpzError) -> [Float] {
    let bytes = try readBytes(count)
    var result = [Float](repeating: 0, count: count)
    bytes.withUnsafeBytes { raw in
      for i in 0..<count {
        switch header.itemSize {
        case 2:
          result[i] = Float(
            Float16(
              bitPattern: UInt16(
                littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
        case 4:
          result[i] = Float(
            bitPattern: UInt32(
              littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        default:
          result[i] = Float(
            Double(
              bitPattern: UInt64(
                littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
        }
      }
    }
    return result
  }

  /// Checks that the whole array was read and its CRC matches.
  public func finish() throws(NpzError) { try reader.finish() }
}
