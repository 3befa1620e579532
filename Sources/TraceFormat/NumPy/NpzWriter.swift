import AtomicOutput
import CZlib
import Foundation

/// Writes an `.npz` file array by array, streaming each array's bytes (stored, like `np.savez`,
/// or deflated, like `np.savez_compressed`). Every local header carries a ZIP64 field (as NumPy's
/// own writer does) patched once the sizes are known; the file is written as a partial file beside
/// the target (`AtomicOutput.PartialFile`) and renamed into place by `finish()`, so a killed
/// export leaves nothing under the final name (and the next run removes the partial).
public final class NpzWriter {
  public let path: String
  private var file: PartialFile?
  private let compressed: Bool
  private var offset = 0
  private var entries: [Entry] = []
  private var current: Open?
  private var stream = z_stream()
  private var output = [UInt8](repeating: 0, count: 256 << 10)

  private struct Entry {
    let name: [UInt8]
    let localOffset: Int
    let crc: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
  }

  private struct Open {
    let name: [UInt8]
    let localOffset: Int
    let dataOffset: Int
    let expectedBytes: Int
    let headerBytes: Int
    var crc = CRC32()
    var written = 0
  }

  public init(path: String, compressed: Bool = false) throws(NpzError) {
    self.path = path
    self.compressed = compressed
    do throws(FileOutputError) { file = try PartialFile(finalPath: path) } catch {
      throw NpzError(path: path, array: nil, reason: "\(error.operation): \(error.reason)")
    }
  }

  deinit {
    if current != nil && compressed { deflateEnd(&stream) }
    file?.abandon()
  }

  private func fail(_ reason: String) -> NpzError {
    NpzError(
      path: path, array: current.map { String(decoding: $0.name.dropLast(4), as: UTF8.self) },
      reason: reason)
  }

  private func emit(_ bytes: UnsafeRawBufferPointer) throws(NpzError) {
    guard let file else { preconditionFailure("NpzWriter used after finish()") }
    do throws(FileOutputError) { try file.write(bytes) } catch {
      throw fail("\(error.operation): \(error.reason)")
    }
    offset += bytes.count
  }

  private func emit(_ bytes: [UInt8]) throws(NpzError) {
    let result: Result<Void, NpzError> = bytes.withUnsafeBytes { raw in
      Result { () throws(NpzError) in try emit(raw) }
    }
    try result.get()
  }

  /// Starts array `name` (member `name.npy`) and writes its `.npy` header.
  public func beginArray(_ name: String, header: NpyHeader) throws(NpzError) {
    precondition(current == nil, "beginArray(\(name)) before endArray()")
    let memberName = Array((name + ".npy").utf8)
    var local: [UInt8] = []
    local.appendLittleEndian(UInt32(0x0403_4B50))
    local += le16(45) + le16(0) + le16(compressed ? 8 : 0) + le16(0) + le16(0x21)
    local.appendLittleEndian(UInt32(0))  // CRC, patched
    local.appendLittleEndian(UInt32.max)  // sizes in the ZIP64 field
    local.appendLittleEndian(UInt32.max)
    local += le16(memberName.count) + le16(20) + memberName
    local += le16(1) + le16(16) + [UInt8](repeating: 0, count: 16)
    let localOffset = offset
    try emit(local)
    let headerBytes = header.encoded()
    current = Open(
      name: memberName, localOffset: localOffset, dataOffset: offset,
      expectedBytes: header.count * header.itemSize, headerBytes: headerBytes.count)
    if compressed {
      let status = deflateInit2_(
        &stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else { throw fail("zlib deflateInit2 failed (\(status))") }
    }
    headerBytes.withUnsafeBytes { current?.crc.update($0) }
    try write(headerBytes, counting: false)
  }

  /// Appends element bytes of the open array.
  public func write(_ bytes: [UInt8]) throws(NpzError) { try write(bytes, counting: true) }

  private func write(_ bytes: [UInt8], counting: Bool) throws(NpzError) {
    guard current != nil else { preconditionFailure("write outside an array") }
    if counting {
      current?.written += bytes.count
      bytes.withUnsafeBytes { current?.crc.update($0) }
      guard let open = current, open.written <= open.expectedBytes else {
        throw fail("more bytes than the array's shape holds")
      }
    }
    if compressed { try deflate(bytes, flush: Z_NO_FLUSH) } else { try emit(bytes) }
  }

  private func deflate(_ bytes: [UInt8], flush: Int32) throws(NpzError) {
    var input = bytes
    let failure: NpzError? = input.withUnsafeMutableBytes { source in
      stream.next_in = source.baseAddress?.assumingMemoryBound(to: Bytef.self)
      stream.avail_in = UInt32(source.count)
      while true {
        let (status, produced): (Int32, Int) = output.withUnsafeMutableBytes { out in
          stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
          stream.avail_out = UInt32(out.count)
          let status = CZlib.deflate(&stream, flush)
          return (status, out.count - Int(stream.avail_out))
        }
        let emitted: Result<Void, NpzError> = output.withUnsafeBytes { raw in
          Result { () throws(NpzError) in
            try emit(UnsafeRawBufferPointer(rebasing: raw[0..<produced]))
          }
        }
        if case .failure(let error) = emitted { return error }
        if status == Z_STREAM_END { return nil }
        guard status == Z_OK || status == Z_BUF_ERROR else {
          return fail("zlib deflate failed (\(status))")
        }
        if flush == Z_NO_FLUSH && stream.avail_in == 0 && stream.avail_out > 0 { return nil }
      }
    }
    if let failure { throw failure }
  }

  /// Ends the open array: checks its size and patches the sizes and CRC into its local header.
  public func endArray() throws(NpzError) {
    guard let open = current else { preconditionFailure("endArray without beginArray") }
    guard open.written == open.expectedBytes else {
      throw fail("\(open.written) bytes written, the shape needs \(open.expectedBytes)")
    }
    if compressed {
      try deflate([], flush: Z_FINISH)
      deflateEnd(&stream)
    }
    let uncompressed = open.headerBytes + open.written
    let compressedSize = offset - open.dataOffset
    var patch: [UInt8] = []
    patch.appendLittleEndian(open.crc.value)
    do throws(FileOutputError) {
      try file?.write(patch, at: open.localOffset + 14)
      var sizes: [UInt8] = []
      sizes.appendLittleEndian(UInt64(uncompressed))
      sizes.appendLittleEndian(UInt64(compressedSize))
      try file?.write(sizes, at: open.dataOffset - 16)
    } catch { throw fail("\(error.operation): \(error.reason)") }
    entries.append(
      Entry(
        name: open.name, localOffset: open.localOffset, crc: open.crc.value,
        compressedSize: compressedSize, uncompressedSize: uncompressed))
    current = nil
  }

  /// Writes the central directory, flushes and renames the file into place.
  public func finish() throws(NpzError) {
    precondition(current == nil, "finish() with an open array")
    let directoryOffset = offset
    var directory: [UInt8] = []
    for entry in entries {
      let big =
        entry.compressedSize >= 0xFFFF_FFFF || entry.uncompressedSize >= 0xFFFF_FFFF
        || entry.localOffset >= 0xFFFF_FFFF
      directory.appendLittleEndian(UInt32(0x0201_4B50))
      directory += le16(45) + le16(45) + le16(0) + le16(compressed ? 8 : 0) + le16(0) + le16(0x21)
      directory.appendLittleEndian(entry.crc)
      directory.appendLittleEndian(big ? UInt32.max : UInt32(entry.compressedSize))
      directory.appendLittleEndian(big ? UInt32.max : UInt32(entry.uncompressedSize))
      directory += le16(entry.name.count) + le16(big ? 28 : 0) + le16(0) + le16(0) + le16(0)
      directory.appendLittleEndian(UInt32(0))
      directory.appendLittleEndian(big ? UInt32.max : UInt32(entry.localOffset))
      directory += entry.name
      if big {
        directory += le16(1) + le16(24)
        directory.appendLittleEndian(UInt64(entry.uncompressedSize))
        directory.appendLittleEndian(UInt64(entry.compressedSize))
        directory.appendLittleEndian(UInt64(entry.localOffset))
      }
    }
    try emit(directory)
    let needs64 = directoryOffset >= 0xFFFF_FFFF || entries.count >= 0xFFFF
    if needs64 {
      let recordOffset = offset
      var record: [UInt8] = []
      record.appendLittleEndian(UInt32(0x0606_4B50))
      record.appendLittleEndian(UInt64(44))
      record += le16(45) + le16(45)
      record.appendLittleEndian(UInt32(0))
      record.appendLittleEndian(UInt32(0))
      record.appendLittleEndian(UInt64(entries.count))
      record.appendLittleEndian(UInt64(entries.count))
      record.appendLittleEndian(UInt64(directory.count))
      record.appendLittleEndian(UInt64(directoryOffset))
      record.appendLittleEndian(UInt32(0x0706_4B50))
      record.appendLittleEndian(UInt32(0))
      record.appendLittleEndian(UInt64(recordOffset))
      record.appendLittleEndian(UInt32(1))
      try emit(record)
    }
    var end: [UInt8] = []
    end.appendLittleEndian(UInt32(0x0605_4B50))
    end += le16(0) + le16(0) + le16(min(entries.count, 0xFFFF)) + le16(min(entries.count, 0xFFFF))
    end.appendLittleEndian(UInt32(min(directory.count, 0xFFFF_FFFF)))
    end.appendLittleEndian(needs64 ? UInt32.max : UInt32(directoryOffset))
    end += le16(0)
    try emit(end)
    let partial = file
    file = nil
    do throws(FileOutputError) { try partial?.commit() } catch {
      partial?.abandon()
      throw fail("\(error.operation): \(error.reason)")
    }
  }
}

private func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
