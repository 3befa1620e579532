import CZlib

/// Reads one zip member's bytes in order, inflating a deflated member through zlib, with memory
/// bounded by two 256 KiB buffers. At the end the byte count and CRC-32 are checked against the
/// central directory, so a damaged member is reported, not silently imported.
final class ZipMemberReader {
  let archive: ZipArchive
  let member: ZipArchive.Member
  /// The array name used in errors.
  let arrayName: String
  /// Uncompressed bytes delivered so far.
  private(set) var position = 0
  private var compressedPosition = 0
  private var crc = CRC32()
  private var stream = z_stream()
  private var inflating = false
  private var input: [UInt8] = []
  private var inputStart = 0
  private var inputEnd = 0

  static let chunk = 256 << 10

  init(archive: ZipArchive, member: ZipArchive.Member, arrayName: String) throws(NpzError) {
    self.archive = archive
    self.member = member
    self.arrayName = arrayName
    if member.method == 8 {
      let status = inflateInit2_(
        &stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else { throw fail("zlib inflateInit2 failed (\(status))") }
      inflating = true
      input = [UInt8](repeating: 0, count: Self.chunk)
    }
  }

  deinit {
    if inflating { inflateEnd(&stream) }
  }

  func fail(_ reason: String) -> NpzError {
    NpzError(path: archive.path, array: arrayName, reason: reason)
  }

  var remaining: Int { member.uncompressedSize - position }

  /// Fills `buffer` completely or throws (the member ends early or is damaged).
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(NpzError) {
    guard buffer.count > 0 else { return }
    guard buffer.count <= remaining else {
      throw fail(
        "needs \(buffer.count) more bytes at byte \(position), the member has \(remaining)")
    }
    if inflating {
      try inflate(into: buffer)
    } else {
      let got: Int
      do {
        got = try archive.file.read(into: buffer, at: member.dataOffset + position)
      } catch {
        throw fail("\(error)")
      }
      guard got == buffer.count else { throw fail("the file ends inside the member") }
    }
    crc.update(UnsafeRawBufferPointer(buffer))
    position += buffer.count
  }

  func read(count: Int) throws(NpzError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let result: Result<Void, NpzError> = bytes.withUnsafeMutableBytes { raw in
      Result { () throws(NpzError) in try read(into: raw) }
    }
    try result.get()
    return bytes
  }

  /// Checks that everything was read and the CRC-32 matches.
  func finish() throws(NpzError) {
    guard position == member.uncompressedSize else {
      throw fail(
        "\(member.uncompressedSize - position) bytes left after the array's data "
          + "(shape and member size disagree)")
    }
    guard crc.value == member.crc else {
      throw fail(
        "CRC-32 mismatch: stored \(String(member.crc, radix: 16)), computed "
          + "\(String(crc.value, radix: 16)); the file is damaged")
    }
  }

  private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(NpzError) {
    var produced = 0
    var needInput = false  // try zlib first: it may hold output of input already consumed
    while produced < buffer.count {
      if needInput {
        let count = min(Self.chunk, member.compressedSize - compressedPosition)
        guard count > 0 else { throw fail("deflate data ends early (truncated member)") }
        let got: Int
        do {
          got = try input.withUnsafeMutableBytes { raw throws(TraceError) in
            try archive.file.read(
              into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]),
              at: member.dataOffset + compressedPosition)
          }
        } catch {
          throw fail("\(error)")
        }
        guard got == count else { throw fail("the file ends inside the member") }
        compressedPosition += count
        inputStart = 0
        inputEnd = count
      }
      let before = produced
      let status: Int32 = input.withUnsafeMutableBytes { source in
        let base = buffer.baseAddress.unsafelyUnwrapped
        stream.next_in =
          source.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Bytef.self) + inputStart
        stream.avail_in = UInt32(inputEnd - inputStart)
        stream.next_out = (base + produced).assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(buffer.count - produced, Int(UInt32.max)))
        let room = stream.avail_out
        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
        produced += Int(room - stream.avail_out)
        inputStart = inputEnd - Int(stream.avail_in)
        return status
      }
      if status == Z_STREAM_END && produced < buffer.count {
        throw fail("deflate stream ends before the declared size")
      }
      guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
        throw fail("corrupt deflate data (zlib status \(status))")
      }
      // zlib may hold output from input it already consumed: ask again before reading more.
      needInput = inputStart == inputEnd && produced == before
    }
  }
}
