import Foundation
import Testing
import TraceFormat

/// A small trace with values whose records use all three mask encodings (sparse set-bit gaps,
/// raw words, dense clear-bit gaps): header, three record frames, end marker.
private func smallTraceBytes(_ directory: TemporaryDirectory) throws -> [UInt8] {
  let sources = [0.05, 0.5, 0.95].map { density in
    SyntheticTrace(
      smallSpec(layers: 1, sequences: 3, tokens: 3...3, density: density, values: true))
  }
  let header = TraceHeader(
    model: ModelDimensions(layers: 3, hidden: 32, intermediate: 100, heads: 4), storesValues: true)
  let path = directory.file("small.trace")
  let writer = try TraceWriter(path: path, header: header)
  for index in 0..<3 {
    let parts = (0..<3).map { sources[($0 + index) % 3].record(at: index) }
    try writer.append(
      TraceRecord(
        sequenceIndex: index, masks: parts.map { $0.masks[0] },
        values: parts.map { $0.values?[0] ?? [] }))
  }
  try writer.finish()
  return readBytes(path)
}

/// Every single byte of the file, changed three ways, must make the reader throw (never crash, never
/// return wrong records silently).
@Test(arguments: [UInt8(0x01), 0x80, 0xFF])
func everyChangedByteIsDetected(xorMask: UInt8) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let good = try smallTraceBytes(directory)
  let path = directory.file("damaged.trace")
  var undetected: [Int] = []
  for offset in good.indices {
    var bytes = good
    bytes[offset] ^= xorMask
    writeBytes(bytes, to: path)
    if traceError({ _ = try readAll(path) }) == nil { undetected.append(offset) }
  }
  #expect(good.count > 300)
  #expect(undetected.isEmpty, "undetected changes at offsets \(undetected) of \(good.count)")
}

/// Every proper prefix of the file is reported as truncated (or, for a damaged magic, wrong magic).
@Test func everyTruncationIsDetected() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let good = try smallTraceBytes(directory)
  let path = directory.file("cut.trace")
  var wrong: [Int: String] = [:]
  for length in 0..<good.count {
    writeBytes(Array(good[0..<length]), to: path)
    let error = traceError { _ = try readAll(path) }
    guard case .truncated? = error else {
      wrong[length] = error.map(\.description) ?? "no error"
      continue
    }
  }
  #expect(wrong.isEmpty, "prefixes not reported as truncated: \(wrong)")
}

/// A reader that has thrown keeps throwing the same error.
@Test func readerStaysFailedAfterAnError() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  var bytes = try smallTraceBytes(directory)
  let map = TraceFileMap(bytes)
  bytes[map.frames[1] + 21] ^= 0x40
  let path = directory.file("damaged.trace")
  writeBytes(bytes, to: path)
  let reader = try TraceReader(path: path)
  #expect(try reader.next() != nil)
  let first = traceError { _ = try reader.next() }
  #expect(first != nil)
  #expect(traceError { _ = try reader.next() } == first)
  #expect(reader.recordCount == 1)
}
