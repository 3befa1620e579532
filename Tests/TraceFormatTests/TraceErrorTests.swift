import Foundation
import Testing
import TraceFormat

/// One test per `TraceError` case: the exact case and values, and a message naming the file.
@Suite final class TraceErrorTests {
  let directory = TemporaryDirectory()
  let trace = SyntheticTrace(smallSpec(sequences: 3, values: true))
  let path: String
  let good: [UInt8]
  let map: TraceFileMap

  init() throws {
    path = directory.file("bad.trace")
    try trace.write(to: directory.file("good.trace"))
    good = readBytes(directory.file("good.trace"))
    map = TraceFileMap(good)
  }

  deinit { directory.cleanUp() }

  /// Writes `bytes` to `path` and returns what reading the whole file throws.
  func readError(_ bytes: [UInt8]) -> TraceError? {
    writeBytes(bytes, to: path)
    return traceError { _ = try readAll(path) }
  }

  @Test func wrongMagic() {
    let error = readError(Array("hello, this is not a trace file".utf8))
    #expect(error == .wrongMagic(path: path, found: Array("hello, t".utf8)))
    #expect(error?.description.contains("\(path): not a deft-sim trace") == true)
    #expect(error?.description.contains("found 68 65 6C 6C 6F 2C 20 74") == true)
  }

  @Test func unsupportedFutureVersion() {
    var bytes = good
    storeLE32(3, into: &bytes, at: 8)
    let error = readError(bytes)
    #expect(error == .unsupportedVersion(path: path, found: 3, newestSupported: 2))
    #expect(error?.description.contains("newer deft-sim") == true)
  }

  @Test func truncatedInsideARecord() {
    let cut = map.frames[1] + 30
    let error = readError(Array(good[0..<cut]))
    let available = cut - map.frames[1] - 20
    #expect(
      error
        == .truncated(
          path: path, section: .record(1), byteOffset: map.frames[1] + 20,
          expectedBytes: map.compressedCount(good, frame: 1), availableBytes: available))
    #expect(error?.description.contains("truncated record 1 at byte \(map.frames[1] + 20)") == true)
  }

  @Test func truncatedBeforeTheEndMarker() {
    let error = readError(Array(good[0..<map.endMarker]))
    #expect(
      error
        == .truncated(
          path: path, section: .endMarker, byteOffset: map.endMarker, expectedBytes: 16,
          availableBytes: 0))
  }

  @Test func corruptZstdWithAValidChecksum() {
    var bytes = good
    let start = map.frames[0] + 20
    // Keep the 4-byte zstd magic and frame header byte, garble the rest, re-seal the checksum.
    for i in start + 6..<start + map.compressedCount(good, frame: 0) { bytes[i] = 0xFF }
    resealFrame(&bytes, at: map.frames[0])
    guard case .corruptZstd(let errorPath, .record(0), start, let reason)? = readError(bytes) else {
      Issue.record("expected corruptZstd in record 0")
      return
    }
    #expect(errorPath == path)
    #expect(!reason.isEmpty)
  }

  @Test func sizeMismatchOfThePayloadLength() {
    var bytes = good
    let frame = map.frames[2]
    let declared = Int(le32(good, frame + 12))
    storeLE32(UInt32(declared + 8), into: &bytes, at: frame + 12)
    resealFrame(&bytes, at: frame)
    let error = readError(bytes)
    #expect(
      error
        == .sizeMismatch(
          path: path, section: .record(2), byteOffset: frame + 20,
          field: "decompressed bytes", expected: declared + 8, found: declared
        ))
    #expect(error?.description.contains("expected \(declared + 8), found \(declared)") == true)
  }

  @Test func sizeMismatchOfTheRecordCount() {
    var bytes = good
    storeLE64(7, into: &bytes, at: map.endMarker + 4)
    resealEndMarker(&bytes, at: map.endMarker)
    #expect(
      readError(bytes)
        == .sizeMismatch(
          path: path, section: .endMarker, byteOffset: map.endMarker + 4, field: "record count",
          expected: 3, found: 7))
  }

  @Test func sizeMismatchForTrailingBytes() {
    let error = readError(good + [0, 1, 2])
    #expect(
      error
        == .sizeMismatch(
          path: path, section: .endMarker, byteOffset: good.count,
          field: "file length (bytes after end marker)", expected: good.count,
          found: good.count + 3))
  }

  @Test func limitExceededForTheHeaderLength() {
    var bytes = good
    storeLE32(0xFFFF_FFFF, into: &bytes, at: 12)
    #expect(
      readError(bytes)
        == .limitExceeded(
          path: path, section: .header, byteOffset: 12, field: "header JSON length",
          limit: 16 << 20, found: 0xFFFF_FFFF))
  }

  @Test func checksumMismatchInARecord() {
    var bytes = good
    let frame = map.frames[1]
    bytes[frame + 25] ^= 0x10
    guard
      case .checksumMismatch(path, .record(1), frame, let stored, let computed)? = readError(bytes)
    else {
      Issue.record("expected checksumMismatch in record 1")
      return
    }
    #expect(stored == le32(good, frame + 16))
    #expect(stored != computed)
  }

  @Test func checksumMismatchInTheHeader() {
    var bytes = good
    bytes[20] ^= 0x01
    guard case .checksumMismatch(path, .header, _, _, _)? = readError(bytes) else {
      Issue.record("expected checksumMismatch in the header")
      return
    }
  }

  @Test func unexpectedFrameTag() {
    var bytes = good
    let frame = map.frames[1]
    for (i, byte) in "JUNK".utf8.enumerated() { bytes[frame + i] = byte }
    let error = readError(bytes)
    #expect(
      error
        == .unexpectedFrameTag(
          path: path, section: .record(1), byteOffset: frame, found: Array("JUNK".utf8)))
    #expect(error?.description.contains("found 4A 55 4E 4B") == true)
  }

  @Test func badHeaderMissingKey() {
    let bytes = replacingHeaderJSON(good, with: #"{"formatVersion": 1}"#)
    guard case .badHeader(path, let key, "missing key")? = readError(bytes) else {
      Issue.record("expected badHeader for a missing key")
      return
    }
    #expect(
      ["model", "peft", "deft", "task", "zeroDefinition", "storesValues", "seed"].contains(key))
  }

  @Test func badHeaderInvalidValue() throws {
    var header = trace.header()
    header.model.layers = 0
    let json = try String(decoding: JSONEncoder().encode(header), as: UTF8.self)
    let error = readError(replacingHeaderJSON(good, with: json))
    #expect(
      error
        == .badHeader(
          path: path, key: "model.layers", reason: "expected an integer in 1...1024, found 0"))
    #expect(error?.description.contains("at key 'model.layers'") == true)
  }

  @Test func badHeaderRefusedByTheWriter() {
    var header = trace.header()
    header.zeroDefinition = .quantized(bits: 8, scales: [1])
    let error = traceError { _ = try TraceWriter(path: path, header: header) }
    #expect(
      error
        == .badHeader(
          path: path, key: "zeroDefinition.scales",
          reason: "expected one scale per layer (2), found 1"))
    #expect(directory.contents() == ["good.trace"])
  }

  @Test func invalidRecordLeavesTheWriterUsable() throws {
    let writer = try TraceWriter(path: path, header: trace.header())
    var record = trace.record(at: 0)
    record.masks.removeLast()
    #expect(
      traceError { try writer.append(record) }
        == .invalidRecord(
          path: path, section: .record(0), field: "layers", reason: "expected 2 masks, found 1"))
    record = trace.record(at: 0)
    record.values = nil
    #expect(
      traceError { try writer.append(record) }
        == .invalidRecord(
          path: path, section: .record(0), field: "values",
          reason: "the header has storesValues = true but the record has no values"))
    let wide = ActivationMask(tokenCount: record.tokenCount, units: 101)
    record = TraceRecord(sequenceIndex: 0, masks: [wide, wide], values: [[], []])
    #expect(
      traceError { try writer.append(record) }
        == .invalidRecord(
          path: path, section: .record(0), field: "layer 0 units", reason: "expected 100, found 101"
        ))
    try writer.append(trace.record(at: 0))
    try writer.finish()
    #expect(try readAll(path).1 == [trace.record(at: 0)])
  }

  @Test func ioErrorForAMissingFile() {
    let missing = directory.file("does-not-exist.trace")
    let error = traceError { _ = try TraceReader(path: missing) }
    #expect(
      error
        == .io(path: missing, operation: "open for reading", reason: "No such file or directory"))
    #expect(error?.description.hasPrefix("\(missing): open for reading failed") == true)
  }

  @Test func ioErrorForAMissingDirectory() {
    let target = directory.file("no/such/dir/out.trace")
    guard
      case .io(let path, let operation, _)? = traceError({
        _ = try TraceWriter(path: target, header: trace.header())
      })
    else {
      Issue.record("expected an io error when creating the partial file")
      return
    }
    #expect(path == target)
    #expect(operation.hasPrefix("create ") && operation.contains(".out.trace.deft-sim-partial-"))
  }
}
