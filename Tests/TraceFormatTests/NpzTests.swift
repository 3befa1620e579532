import Foundation
import Testing
import TraceFormat

/// NumPy interchange: byte-identical round trips, and one `NpzError` naming the array for every
/// malformed npz.
@Suite final class NpzTests {
  let directory = TemporaryDirectory()
  deinit { directory.cleanUp() }

  @Test(arguments: [false, true])
  func exportThenImportGivesTheSameTraceBytes(compressed: Bool) throws {
    let traces: [(String, (String) throws -> Void)] = [
      ("v1", { try GoldenTraceTests.v1.write(to: $0) }),
      ("t5", { try GoldenTraceTests.v2EncoderDecoder.write(to: $0) }),
      ("llama", { try GoldenTraceTests.v2Decoder.write(to: $0) }),
    ]
    for (name, write) in traces {
      let original = directory.file("\(name).trace")
      try write(original)
      let npz = directory.file("\(name)-\(compressed).npz")
      let exported = try TraceNpz.export(tracePath: original, to: npz, compressed: compressed)
      let back = directory.file("\(name)-\(compressed)-back.trace")
      let imported = try TraceNpz.importTrace(npzPath: npz, to: back)
      #expect(readBytes(back) == readBytes(original), "\(name)")
      #expect(exported.records == imported.records && exported.tokens == imported.tokens)
    }
  }

  @Test func aVersionOneTraceImportedWithAnArchitectureBecomesVersionTwo() throws {
    let original = directory.file("v1.trace")
    try GoldenTraceTests.v1.write(to: original)
    let npz = directory.file("v1.npz")
    try TraceNpz.export(tracePath: original, to: npz)
    let architecture = ModelArchitecture(
      name: "golden-v1",
      stacks: [
        StackArchitecture(
          role: .encoder, layers: 2, hidden: 32, heads: 4, kvHeads: 4, headDim: 8,
          intermediate: 100, mlp: .plain(activation: "gelu"))
      ], vocabSize: 100, tiedEmbeddings: true)
    let v2 = directory.file("v2.trace")
    try TraceNpz.importTrace(npzPath: npz, to: v2, architecture: architecture)
    let (header1, records1) = try readAll(original)
    let (header2, records2) = try readAll(v2)
    #expect(header2.formatVersion == 2 && header2.architecture == architecture)
    #expect(header2.task == header1.task && header2.seed == header1.seed)
    #expect(records2.map(\.masks) == records1.map(\.masks))
    #expect(records2.map(\.values) == records1.map(\.values))
    #expect(records2.allSatisfy { $0.phase == .encoder })
    #expect(
      records2.map(\.contextLengths)
        == records1.map { Array(repeating: $0.tokenCount, count: $0.tokenCount) })
  }

  @Test func npyHeadersMatchNumPy() throws {
    let header = NpyHeader(kind: "i", itemSize: 8, shape: [3])
    let bytes = header.encoded()
    #expect(bytes.count == 128 && bytes.last == 0x0A)
    #expect(
      String(decoding: bytes[10...], as: UTF8.self).hasPrefix(
        "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"))
    #expect(NpyHeader(kind: "b", itemSize: 1, shape: [2, 3]).descr == "|b1")
  }

  // MARK: - Malformed npz files

  /// A 1-layer encoder of 10 units and two records of 2 and 1 tokens.
  static let header = TraceHeader(
    architecture: ModelArchitecture(
      name: "n",
      stacks: [
        StackArchitecture(
          role: .encoder, layers: 1, hidden: 8, heads: 2, kvHeads: 2, headDim: 4, intermediate: 10,
          mlp: .plain(activation: "relu"))
      ], vocabSize: 9, tiedEmbeddings: true))

  struct Array1: Sendable {
    var name: String
    var header: NpyHeader
    var bytes: [UInt8]
  }

  static func int64(_ name: String, _ values: [Int]) -> Array1 {
    var bytes: [UInt8] = []
    for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 } }
    return Array1(
      name: name, header: NpyHeader(kind: "i", itemSize: 8, shape: [values.count]), bytes: bytes)
  }

  static func good() -> [Array1] {
    [
      Array1(
        name: "header_json",
        header: NpyHeader(kind: "u", itemSize: 1, shape: [TraceCrafting.json(header).utf8.count]),
        bytes: Array(TraceCrafting.json(header).utf8)),
      int64("record_sequence", [0, 1]),
      Array1(
        name: "record_phase", header: NpyHeader(kind: "u", itemSize: 1, shape: [2]), bytes: [0, 0]),
      int64("record_tokens", [2, 1]),
      Array1(
        name: "encoder_packed_masks", header: NpyHeader(kind: "u", itemSize: 1, shape: [3, 1, 2]),
        bytes: [0xFF, 0x03, 0x01, 0x00, 0x00, 0x02]),
    ]
  }

  func write(_ arrays: [Array1], compressed: Bool = false) throws -> String {
    let path = directory.file("case-\(UUID().uuidString).npz")
    let writer = try NpzWriter(path: path, compressed: compressed)
    for array in arrays {
      try writer.beginArray(array.name, header: array.header)
      try writer.write(array.bytes)
      try writer.endArray()
    }
    try writer.finish()
    return path
  }

  /// The NpzError importing `arrays` throws (nil if it imports).
  func importError(_ arrays: [Array1], architecture: ModelArchitecture? = nil) throws -> NpzError? {
    let path = try write(arrays)
    do {
      try TraceNpz.importTrace(
        npzPath: path, to: directory.file("out.trace"), architecture: architecture)
      return nil
    } catch let error as NpzError {
      return error
    }
  }

  @Test func theGoodFixtureImports() throws {
    #expect(try importError(Self.good()) == nil)
    let (_, records) = try readAll(directory.file("out.trace"))
    #expect(records.map(\.tokenCount) == [2, 1])
    #expect(records[0].masks[0].nonZeroCount == 11 && records[1].masks[0].nonZeroCount == 1)
    #expect(records[0].contextLengths == [2, 2] && records[1].contextLengths == [1])
  }

  @Test func everyMalformedArrayIsNamed() throws {
    func replacing(_ name: String, with array: Array1?) -> [Array1] {
      Self.good().compactMap { $0.name == name ? array : $0 }
    }
    let u1 = { (name: String, shape: [Int], bytes: [UInt8]) in
      Array1(name: name, header: NpyHeader(kind: "u", itemSize: 1, shape: shape), bytes: bytes)
    }
    let cases: [(String, [Array1], String, String)] = [
      ("missing array", replacing("record_tokens", with: nil), "record_tokens", "missing"),
      (
        "wrong dtype",
        replacing(
          "record_phase",
          with: Array1(
            name: "record_phase", header: NpyHeader(kind: "f", itemSize: 4, shape: [2]),
            bytes: [UInt8](repeating: 0, count: 8))), "record_phase", "dtype <f4"
      ),
      (
        "wrong shape",
        replacing(
          "encoder_packed_masks", with: u1("encoder_packed_masks", [3, 2], [0, 0, 0, 0, 0, 0])),
        "encoder_packed_masks", "shape [3, 2]"
      ),
      (
        "inconsistent lengths",
        replacing("record_tokens", with: Self.int64("record_tokens", [2, 1, 1])), "record_tokens",
        "3 entries"
      ),
      (
        "tokens vs mask rows",
        replacing("record_tokens", with: Self.int64("record_tokens", [2, 2])),
        "encoder_packed_masks", "shape [3, 1, 2], expected (4, 1, 2)"
      ),
      (
        "unknown phase", replacing("record_phase", with: u1("record_phase", [2], [0, 5])),
        "record_phase", "record 1: 5"
      ),
      (
        "phase the model lacks", replacing("record_phase", with: u1("record_phase", [2], [0, 2])),
        "record_phase", "record 1: expected one of"
      ),
      (
        "absurd token count",
        replacing("record_tokens", with: Self.int64("record_tokens", [1 << 40, 1])),
        "record_tokens", "record 0"
      ),
      (
        "negative token count",
        replacing("record_tokens", with: Self.int64("record_tokens", [-1, 4])), "record_tokens",
        "record 0"
      ),
      (
        "padding bits",
        replacing(
          "encoder_packed_masks",
          with: u1("encoder_packed_masks", [3, 1, 2], [0, 0x04, 0, 0, 0, 0])),
        "encoder_packed_masks", "bits set past unit 9"
      ),
      (
        "two mask arrays",
        Self.good() + [
          Array1(
            name: "encoder_masks", header: NpyHeader(kind: "b", itemSize: 1, shape: [3, 1, 10]),
            bytes: [UInt8](repeating: 0, count: 30))
        ], "encoder_masks", "present together"
      ),
      (
        "0/1 mask holding 2",
        replacing(
          "encoder_packed_masks",
          with: Array1(
            name: "encoder_masks", header: NpyHeader(kind: "u", itemSize: 1, shape: [3, 1, 10]),
            bytes: [2] + [UInt8](repeating: 0, count: 29))), "encoder_masks", "value 2"
      ),
      (
        "header JSON syntax",
        replacing("header_json", with: u1("header_json", [3], Array("{x}".utf8))), "header_json",
        "JSON syntax error"
      ),
      (
        "header JSON key",
        replacing(
          "header_json",
          with: u1("header_json", [Self.badHeader.utf8.count], Array(Self.badHeader.utf8))),
        "header_json", "key 'architecture.stacks[0].layers'"
      ),
      (
        "no header, no arch", replacing("header_json", with: nil), "header_json",
        "missing, and no architecture"
      ),
      (
        "context lengths", Self.good() + [Self.int64("context_lengths", [1, 2])], "context_lengths",
        "shape [2], expected (3)"
      ),
      (
        "values without storesValues",
        Self.good() + [
          Array1(
            name: "encoder_values", header: NpyHeader(kind: "i", itemSize: 1, shape: [1]),
            bytes: [1])
        ], "encoder_values", "storesValues = false"
      ),
    ]
    for (label, arrays, array, reason) in cases {
      let error = try importError(arrays)
      #expect(error?.array == array, "\(label): \(String(describing: error))")
      #expect(
        error?.reason.contains(reason) == true, "\(label): \(String(describing: error?.reason))")
    }
  }

  static let badHeader = TraceCrafting.json(header).replacingOccurrences(
    of: #""layers":1"#, with: #""layers":2000"#)

  @Test func activationsBecomeMasksUnderTheZeroDefinition() throws {
    var floats: [UInt8] = []
    let values: [Float] = (0..<30).map { $0 % 3 == 0 ? 0.5 : 0.001 }
    for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { floats += $0 } }
    var arrays = Self.good().filter { $0.name != "encoder_packed_masks" }
    arrays.append(
      Array1(
        name: "encoder_activations", header: NpyHeader(kind: "f", itemSize: 4, shape: [3, 1, 10]),
        bytes: floats))
    let path = try write(arrays, compressed: true)
    let out = directory.file("act.trace")
    try TraceNpz.importTrace(npzPath: path, to: out, zeroDefinition: .threshold(0.01))
    let (header, records) = try readAll(out)
    #expect(header.zeroDefinition == .threshold(0.01))
    let bits = records.flatMap { r in
      (0..<r.tokenCount).flatMap { t in (0..<10).map { r.masks[0].isNonZero(token: t, unit: $0) } }
    }
    #expect(bits == values.map { $0 > 0.01 })
  }

  @Test func damagedArchivesAreCaught() throws {
    let path = try write(Self.good())
    var bytes = readBytes(path)
    writeBytes(Array("not a zip at all".utf8), to: path)
    #expect(throws: NpzError.self) { try NpzReader(path: path) }
    // Flip a byte inside the mask data: the member's CRC-32 catches it.
    let maskStart = bytes.count - 300
    bytes[maskStart] ^= 0xFF
    writeBytes(bytes, to: path)
    do {
      try TraceNpz.importTrace(npzPath: path, to: directory.file("damaged.trace"))
      Issue.record("a damaged npz imported")
    } catch let error as NpzError {
      #expect(error.array != nil || error.reason.contains("zip"))
    }
  }
}
