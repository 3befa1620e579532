import Foundation
import Testing
import TraceFormat

/// Golden trace files of both format versions, each with the generator that made it: the
/// generator must still give the same bytes (writers stay deterministic and the format does not
/// drift), and the reader must read the committed bytes back to the generator's records (files
/// written by older builds stay readable). `RECORD_GOLDEN=1 swift test` re-records them.
@Suite struct GoldenTraceTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  /// Version 1: a 2-layer encoder, 3 sequences, int8 values stored.
  static let v1 = SyntheticTrace(
    SyntheticTraceSpec(
      model: ModelDimensions(name: "golden-v1", layers: 2, hidden: 32, intermediate: 100, heads: 4),
      sequences: 3, tokenCounts: 1...5, density: 0.3, blockCorrelation: 0.2, blockSize: 4,
      storesValues: true, seed: 11))

  /// Version 2: a T5-style encoder–decoder (gated MLPs, product masks in the decoder) and a
  /// Llama-style decoder (GQA, gate masks), correlated decode steps.
  static let v2EncoderDecoder = SyntheticModelTrace(
    SyntheticModelTraceSpec(
      architecture: TestArchitectures.encoderDecoder, sequences: 2, promptTokens: 2...4,
      decodeTokens: 1...3, density: 0.25, storesValues: true, seed: 12))
  static let v2Decoder = SyntheticModelTrace(
    SyntheticModelTraceSpec(
      architecture: TestArchitectures.decoder, sequences: 3, promptTokens: 1...5,
      decodeTokens: 2...4, density: 0.4, decodeCorrelation: 0.5, seed: 13))

  func check(_ name: String, write: (String) throws -> Void, records: [TraceRecord]) throws {
    let golden = Self.directory.appendingPathComponent(name).path
    let scratch = TemporaryDirectory()
    defer { scratch.cleanUp() }
    let fresh = scratch.file(name)
    try write(fresh)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: Self.directory, withIntermediateDirectories: true)
      writeBytes(readBytes(fresh), to: golden)
      Issue.record("recorded \(golden); run again without RECORD_GOLDEN=1")
      return
    }
    #expect(readBytes(fresh) == readBytes(golden), "\(name): the generator's bytes changed")
    let (_, read) = try readAll(golden)
    #expect(read == records)
  }

  @Test func versionOne() throws {
    try check(
      "v1-encoder.trace", write: { try Self.v1.write(to: $0, toolVersion: "golden") },
      records: (0..<3).map { Self.v1.record(at: $0) })
  }

  @Test func versionTwoEncoderDecoder() throws {
    let trace = Self.v2EncoderDecoder
    try check(
      "v2-encoder-decoder.trace", write: { try trace.write(to: $0, toolVersion: "golden") },
      records: (0..<2).flatMap { trace.records(ofSequence: $0) })
  }

  @Test func versionTwoDecoder() throws {
    let trace = Self.v2Decoder
    try check(
      "v2-decoder.trace", write: { try trace.write(to: $0, toolVersion: "golden") },
      records: (0..<3).flatMap { trace.records(ofSequence: $0) })
  }
}
