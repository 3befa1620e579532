/// Reads a trace file one record at a time, verifying every checksum, length and dimension
/// (docs/trace-format.md). Memory use is bounded by the largest single record: the reader keeps one
/// compressed frame and one decompressed payload buffer and reuses them.
///
/// ```swift
/// let reader = try TraceReader(path: "trace.zst")
/// while let record = try reader.next() { ... }   // nil only after the verified end marker
/// ```
public final class TraceReader {
  public let path: String
  public let header: TraceHeader
  /// Records returned so far.
  public private(set) var recordCount = 0
  /// Byte offset of the next frame.
  public private(set) var byteOffset: Int
  /// The file's size in bytes when it was opened.
  public let fileByteCount: Int
  /// The largest number of bytes the reader's buffers have held at once (compressed frame plus
  /// decompressed payload): the reader's memory bound, independent of the number of records.
  public private(set) var peakBufferedBytes = 0

  private let file: PosixFile
  private let shape: RecordShape
  private let decompressor: ZstdDecompressor
  private var compressed: [UInt8] = []
  private var payload: [UInt8] = []
  private var finished = false
  private var failure: TraceError?

  /// Opens `path` and reads and verifies the header.
  public init(path: String) throws(TraceError) {
    self.path = path
    let file = try PosixFile.openForReading(path: path)
    self.file = file
    fileByteCount = try file.size()
    do {
      decompressor = try ZstdDecompressor()
    } catch {
      throw .io(path: path, operation: "zstd context creation", reason: error.message)
    }
    var preamble = [UInt8](repeating: 0, count: TraceLayout.preambleBytes)
    let got = try Self.read(file, into: &preamble, count: preamble.count)
    let magicCount = Swift.min(got, TraceLayout.magic.count)
    guard Array(preamble[0..<magicCount]) == Array(TraceLayout.magic[0..<magicCount]) else {
      throw .wrongMagic(path: path, found: Array(preamble[0..<magicCount]))
    }
    guard got == preamble.count else {
      throw .truncated(
        path: path, section: .header, byteOffset: 0, expectedBytes: preamble.count,
        availableBytes: got)
    }
    let (version, jsonCount) = preamble.withUnsafeBytes {
      (Int($0.loadLittleEndianUInt32(at: 8)), Int($0.loadLittleEndianUInt32(at: 12)))
    }
    guard TraceHeader.supportedFormatVersions.contains(version) else {
      throw .unsupportedVersion(
        path: path, found: version, newestSupported: TraceHeader.newestFormatVersion)
    }
    guard jsonCount <= TraceLayout.maxHeaderJSONBytes else {
      throw .limitExceeded(
        path: path, section: .header, byteOffset: 12, field: "header JSON length",
        limit: TraceLayout.maxHeaderJSONBytes, found: jsonCount)
    }
    var rest = [UInt8](repeating: 0, count: jsonCount + 4)
    let restGot = try Self.read(file, into: &rest, count: rest.count)
    guard restGot == rest.count else {
      throw .truncated(
        path: path, section: .header, byteOffset: TraceLayout.preambleBytes,
        expectedBytes: rest.count, availableBytes: restGot)
    }
    let stored = rest.withUnsafeBytes { $0.loadLittleEndianUInt32(at: jsonCount) }
    var crc = CRC32()
    preamble.withUnsafeBytes { crc.update($0) }
    rest.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<jsonCount])) }
    guard crc.value == stored else {
      throw .checksumMismatch(
        path: path, section: .header, byteOffset: TraceLayout.preambleBytes + jsonCount,
        expected: stored, found: crc.value)
    }
    let header = try Self.decodeHeader(Array(rest[0..<jsonCount]), path: path)
    guard header.formatVersion == version else {
      throw .badHeader(
        path: path, key: "formatVersion",
        reason: "expected \(version) (the binary version field), found \(header.formatVersion)")
    }
    self.header = header
    shape = RecordShape(header: header)
    byteOffset = TraceLayout.preambleBytes + rest.count
  }

  /// The next record, or nil once the end marker has been read and verified (and on every call
  /// after that). After a thrown error, every further call throws the same error.
  public func next() throws(TraceError) -> TraceRecord? {
    if let failure { throw failure }
    if finished { return nil }
    do {
      return try readFrame()
    } catch {
      failure = error
      throw error
    }
  }

  private func readFrame() throws(TraceError) -> TraceRecord? {
    let frameStart = byteOffset
    var frameHeader = [UInt8](repeating: 0, count: TraceLayout.frameHeaderBytes)
    let tagCount = try Self.read(file, into: &frameHeader, count: 4)
    guard tagCount == 4 else {
      throw .truncated(
        path: path, section: .endMarker, byteOffset: frameStart,
        expectedBytes: TraceLayout.endMarkerBytes, availableBytes: tagCount)
    }
    let tag = Array(frameHeader[0..<4])
    if tag == TraceLayout.endTag { return try readEndMarker(frameStart: frameStart, tag: tag) }
    let section = TraceSection.record(recordCount)
    guard tag == TraceLayout.recordTag else {
      throw .unexpectedFrameTag(path: path, section: section, byteOffset: frameStart, found: tag)
    }
    let restCount = try Self.read(file, into: &frameHeader, at: 4, count: 16)
    guard restCount == 16 else {
      throw .truncated(
        path: path, section: section, byteOffset: frameStart,
        expectedBytes: TraceLayout.frameHeaderBytes, availableBytes: 4 + restCount)
    }
    let (index, compressedCount, payloadCount, stored) = frameHeader.withUnsafeBytes {
      (
        Int($0.loadLittleEndianUInt32(at: 4)), Int($0.loadLittleEndianUInt32(at: 8)),
        Int($0.loadLittleEndianUInt32(at: 12)), $0.loadLittleEndianUInt32(at: 16)
      )
    }
    guard payloadCount <= TraceLayout.maxPayloadBytes else {
      throw .limitExceeded(
        path: path, section: section, byteOffset: frameStart + 12, field: "payload length",
        limit: TraceLayout.maxPayloadBytes, found: payloadCount)
    }
    let payloadStart = frameStart + TraceLayout.frameHeaderBytes
    let available = Swift.max(0, fileByteCount - payloadStart)
    guard compressedCount <= available else {
      throw .truncated(
        path: path, section: section, byteOffset: payloadStart, expectedBytes: compressedCount,
        availableBytes: available)
    }
    if compressed.count < compressedCount {
      compressed = [UInt8](repeating: 0, count: compressedCount)
    }
    let got = try Self.read(file, into: &compressed, count: compressedCount)
    guard got == compressedCount else {
      throw .truncated(
        path: path, section: section, byteOffset: payloadStart, expectedBytes: compressedCount,
        availableBytes: got)
    }
    var crc = CRC32()
    frameHeader.withUnsafeBytes {
      crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<TraceLayout.frameChecksummedBytes]))
    }
    compressed.withUnsafeBytes {
      crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<compressedCount]))
    }
    guard crc.value == stored else {
      throw .checksumMismatch(
        path: path, section: section, byteOffset: frameStart, expected: stored, found: crc.value)
    }
    guard index == recordCount else {
      throw .sizeMismatch(
        path: path, section: section, byteOffset: frameStart + 4, field: "frame record index",
        expected: recordCount, found: index)
    }
    if payload.count < payloadCount { payload = [UInt8](repeating: 0, count: payloadCount) }
    peakBufferedBytes = Swift.max(peakBufferedBytes, compressed.count + payload.count)
    try decompress(
      compressedCount: compressedCount, payloadCount: payloadCount, section: section,
      at: payloadStart)
    let shape = shape
    let path = path
    let expectedIndex = recordCount
    let decoded: Result<TraceRecord, TraceError> = payload.withUnsafeBytes { raw in
      Result { () throws(TraceError) -> TraceRecord in
        try RecordCodec.decode(
          UnsafeRawBufferPointer(rebasing: raw[0..<payloadCount]), shape: shape, path: path,
          index: expectedIndex, byteOffset: frameStart)
      }
    }
    let record = try decoded.get()
    recordCount += 1
    byteOffset = payloadStart + compressedCount
    return record
  }

  private func decompress(
    compressedCount: Int, payloadCount: Int, section: TraceSection, at payloadStart: Int
  ) throws(TraceError) {
    let result: Result<(Int, Int), ZstdFailure> = compressed.withUnsafeBytes { source in
      payload.withUnsafeMutableBytes { destination in
        Result { () throws(ZstdFailure) -> (Int, Int) in
          // One or more concatenated zstd frames; the first declares at most the whole payload.
          let frame = UnsafeRawBufferPointer(rebasing: source[0..<compressedCount])
          let declared = try Zstd.frameContentSize(frame)
          guard declared <= payloadCount else { return (declared, -1) }
          let produced = try decompressor.decompress(
            frame, into: UnsafeMutableRawBufferPointer(rebasing: destination[0..<payloadCount]))
          return (declared, produced)
        }
      }
    }
    switch result {
    case .failure(let failure):
      throw .corruptZstd(
        path: path, section: section, byteOffset: payloadStart, reason: failure.message)
    case .success(let (declared, produced)):
      guard declared <= payloadCount else {
        throw .limitExceeded(
          path: path, section: section, byteOffset: payloadStart,
          field: "zstd content size (first frame)", limit: payloadCount, found: declared)
      }
      guard produced == payloadCount else {
        throw .sizeMismatch(
          path: path, section: section, byteOffset: payloadStart,
          field: "decompressed bytes", expected: payloadCount, found: produced)
      }
    }
  }

  private func readEndMarker(frameStart: Int, tag: [UInt8]) throws(TraceError) -> TraceRecord? {
    var marker = [UInt8](repeating: 0, count: TraceLayout.endMarkerBytes)
    marker.replaceSubrange(0..<4, with: tag)
    let got = try Self.read(file, into: &marker, at: 4, count: 12)
    guard got == 12 else {
      throw .truncated(
        path: path, section: .endMarker, byteOffset: frameStart,
        expectedBytes: TraceLayout.endMarkerBytes, availableBytes: 4 + got)
    }
    let (count, stored) = marker.withUnsafeBytes {
      ($0.loadLittleEndianUInt64(at: 4), $0.loadLittleEndianUInt32(at: 12))
    }
    let computed = marker.withUnsafeBytes {
      CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<12]))
    }
    guard computed == stored else {
      throw .checksumMismatch(
        path: path, section: .endMarker, byteOffset: frameStart, expected: stored, found: computed)
    }
    guard count == UInt64(recordCount) else {
      throw .sizeMismatch(
        path: path, section: .endMarker, byteOffset: frameStart + 4, field: "record count",
        expected: recordCount, found: Int(truncatingIfNeeded: count))
    }
    let end = frameStart + TraceLayout.endMarkerBytes
    var probe: [UInt8] = [0]
    let trailing = try Self.read(file, into: &probe, count: 1)
    guard trailing == 0 && fileByteCount == end else {
      throw .sizeMismatch(
        path: path, section: .endMarker, byteOffset: end,
        field: "file length (bytes after end marker)",
        expected: end, found: Swift.max(fileByteCount, end + trailing))
    }
    byteOffset = end
    finished = true
    return nil
  }

  /// Reads `count` bytes into `buffer[offset...]`; returns how many the file had.
  private static func read(
    _ file: PosixFile, into buffer: inout [UInt8], at offset: Int = 0, count: Int
  ) throws(TraceError) -> Int {
    let result: Result<Int, TraceError> = buffer.withUnsafeMutableBytes { raw in
      Result { () throws(TraceError) -> Int in
        try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[offset..<offset + count]))
      }
    }
    return try result.get()
  }

  /// Strict JSON (duplicate keys rejected), one decoder naming the key of every type error,
  /// then the header's own validation (limits): the one validation every command shares.
  static func decodeHeader(_ bytes: [UInt8], path: String) throws(TraceError) -> TraceHeader {
    let tree: JSONValue
    do { tree = try StrictJSON.parse(bytes) } catch {
      throw .badHeader(path: path, key: "(syntax)", reason: error.description)
    }
    let header: TraceHeader
    do { header = try TraceHeader(json: JSONFields(path: "", value: tree)) } catch {
      throw .badHeader(path: path, key: error.key, reason: error.reason)
    }
    if let problem = header.validationProblems.first {
      throw .badHeader(path: path, key: problem.key, reason: problem.reason)
    }
    return header
  }
}
