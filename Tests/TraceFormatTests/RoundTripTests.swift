import Foundation
import Testing
import TraceFormat

struct RoundTripCase: Sendable, CustomStringConvertible {
  var intermediate: Int
  var tokens: ClosedRange<Int>
  var density: Double
  var values: Bool
  var description: String { "U=\(intermediate) T=\(tokens) p=\(density) values=\(values)" }
}

let roundTripCases: [RoundTripCase] = [
  RoundTripCase(intermediate: 100, tokens: 0...4, density: 0.3, values: false),
  RoundTripCase(intermediate: 128, tokens: 1...3, density: 0.5, values: true),
  RoundTripCase(intermediate: 1536, tokens: 20...30, density: 0.3, values: false),
  RoundTripCase(intermediate: 1536, tokens: 5...9, density: 0.3, values: true),
  RoundTripCase(intermediate: 65, tokens: 1...5, density: 0.0, values: true),
  RoundTripCase(intermediate: 65, tokens: 1...5, density: 1.0, values: true),
  RoundTripCase(intermediate: 300, tokens: 1...9, density: 0.02, values: false),
  RoundTripCase(intermediate: 300, tokens: 1...9, density: 0.98, values: true),
  RoundTripCase(intermediate: 1, tokens: 0...2, density: 0.5, values: false),
]

@Test(arguments: roundTripCases)
func recordsRoundTrip(_ testCase: RoundTripCase) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let spec = smallSpec(
    layers: 3, intermediate: testCase.intermediate, sequences: 12, tokens: testCase.tokens,
    density: testCase.density, values: testCase.values)
  let trace = SyntheticTrace(spec)
  let path = directory.file("t.trace")
  let bytes = try trace.write(to: path, toolVersion: "test")
  #expect(readBytes(path).count == bytes)
  let (header, records) = try readAll(path)
  #expect(header == trace.header(toolVersion: "test"))
  #expect(records == (0..<12).map { trace.record(at: $0) })
}

@Test func handBuiltMasksWithLongGapsRoundTrip() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let units = 700
  var sparse = ActivationMask(tokenCount: 3, units: units)
  // Gaps of exactly 255, 510 and more, the first and the last element.
  for position in [0, 256, 767, 1278, 2099] {
    sparse.set(token: position / units, unit: position % units)
  }
  var dense = ActivationMask(tokenCount: 3, units: units)
  for token in 0..<3 { for unit in 0..<units { dense.set(token: token, unit: unit) } }
  for position in [0, 255, 511, 2099] {
    dense.set(token: position / units, unit: position % units, false)
  }
  let header = TraceHeader(
    model: ModelDimensions(layers: 3, hidden: 8, intermediate: units, heads: 2))
  let records = [
    TraceRecord(
      sequenceIndex: 5, masks: [sparse, dense, ActivationMask(tokenCount: 3, units: units)]),
    TraceRecord(sequenceIndex: -1, masks: [dense, sparse, dense]),
  ]
  let path = directory.file("gaps.trace")
  let writer = try TraceWriter(path: path, header: header)
  for record in records { try writer.append(record) }
  try writer.finish()
  let (readHeader, readRecords) = try readAll(path)
  #expect(readHeader == header)
  #expect(readRecords == records)
}

@Test func fullHeaderRoundTrips() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let header = TraceHeader(
    model: ModelDimensions(
      name: "all-MiniLM-L6-v2", layers: 2, hidden: 384, intermediate: 64, heads: 12),
    peft: PEFTDescription(
      method: "lora", loraRank: 8, loraAlpha: 16, loraTargets: ["query", "value"], promptTokens: 0,
      prefixLength: 0, trainableParameters: 73_728),
    deft: DEFTDescription(
      enabled: true, densityWeight: 0.3, densityEps: 1e-2, ada: true, skippedLayers: [1]),
    task: TaskDescription(name: "sst2", split: "validation", metrics: ["accuracy": 0.8865]),
    zeroDefinition: .quantized(bits: 8, scales: [0.05, 0.125]), storesValues: true, seed: 1234,
    toolVersion: "0.1.0", provenance: ["command": "deft-sim train …", "host": "ci"])
  let path = directory.file("h.trace")
  let writer = try TraceWriter(path: path, header: header)
  try writer.finish()
  let (readHeader, records) = try readAll(path)
  #expect(readHeader == header)
  #expect(records.isEmpty)
}

@Test func sameSeedGivesIdenticalBytesAndOtherSeedDiffers() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let spec = smallSpec(intermediate: 1536, sequences: 20, tokens: 5...30, values: true, seed: 99)
  try SyntheticTrace(spec).write(to: directory.file("a.trace"))
  try SyntheticTrace(spec).write(to: directory.file("b.trace"))
  var other = spec
  other.seed = 100
  try SyntheticTrace(other).write(to: directory.file("c.trace"))
  let a = readBytes(directory.file("a.trace"))
  #expect(!a.isEmpty)
  #expect(a == readBytes(directory.file("b.trace")))
  #expect(a != readBytes(directory.file("c.trace")))
}

@Test func writerIsAtomicAndLeavesNoTemporaryFiles() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let path = directory.file("atomic.trace")
  let trace = SyntheticTrace(smallSpec())
  do {
    let writer = try TraceWriter(path: path, header: trace.header())
    try writer.append(trace.record(at: 0))
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(directory.contents().count == 1)  // the hidden temporary file
  }
  // Dropped without finish(): nothing at the target, temporary file removed.
  #expect(directory.contents().isEmpty)

  writeBytes(Array("old contents".utf8), to: path)
  let writer = try TraceWriter(path: path, header: trace.header())
  try writer.append(trace.record(at: 0))
  #expect(readBytes(path) == Array("old contents".utf8))
  try writer.finish()
  #expect(directory.contents() == ["atomic.trace"])
  let (_, records) = try readAll(path)
  #expect(records == [trace.record(at: 0)])
  #expect(writer.recordCount == 1)
  #expect(writer.byteCount == readBytes(path).count)
}

@Test func crc32MatchesTheStandardCheckValue() {
  #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
  #expect(CRC32.checksum([]) == 0)
  var incremental = CRC32()
  let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
  bytes[0..<333].withUnsafeBytes { incremental.update($0) }
  bytes[333...].withUnsafeBytes { incremental.update($0) }
  #expect(incremental.value == CRC32.checksum(bytes))
}
