import Foundation
import Testing
import TraceFormat

func modelSpec(
  _ architecture: ModelArchitecture, sequences: Int = 4, prompt: ClosedRange<Int> = 2...6,
  decode: ClosedRange<Int> = 1...4, density: Double = 0.3, decodeCorrelation: Double = 0,
  values: Bool = false, seed: UInt64 = 3
) -> SyntheticModelTraceSpec {
  SyntheticModelTraceSpec(
    architecture: architecture, sequences: sequences, promptTokens: prompt,
    decodeTokens: architecture.stack(.decoder) == nil ? 0...0 : decode, density: density,
    decodeCorrelation: decodeCorrelation, storesValues: values, seed: seed)
}

@Test(arguments: [
  TestArchitectures.encoder, TestArchitectures.decoder, TestArchitectures.encoderDecoder,
])
func versionTwoRecordsRoundTrip(_ architecture: ModelArchitecture) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  for values in [false, true] {
    let trace = SyntheticModelTrace(modelSpec(architecture, values: values))
    let path = directory.file("v2-\(values).trace")
    try trace.write(to: path, toolVersion: "test")
    let (header, records) = try readAll(path)
    #expect(header == trace.header(toolVersion: "test"))
    #expect(header.formatVersion == 2 && header.architecture == architecture)
    #expect(records == (0..<4).flatMap { trace.records(ofSequence: $0) })
    #expect(readBytes(path)[8] == 2)
  }
}

@Test func syntheticRecordsHaveThePhasesAndContextsOfTheArchitecture() {
  let decoder = SyntheticModelTrace(modelSpec(TestArchitectures.decoder)).records(ofSequence: 1)
  #expect(decoder.map(\.phase) == [.prefill, .decode])
  let prompt = decoder[0].tokenCount
  #expect(decoder[0].contextLengths == Array(1...prompt))
  #expect(decoder[1].contextLengths == Array((prompt + 1)...(prompt + decoder[1].tokenCount)))
  #expect(decoder.allSatisfy { $0.crossAttentionLength == 0 && $0.masks.count == 3 })

  let t5 = SyntheticModelTrace(modelSpec(TestArchitectures.encoderDecoder)).records(ofSequence: 0)
  #expect(t5.map(\.phase) == [.encoder, .prefill, .decode])
  let input = t5[0].tokenCount
  #expect(t5[0].contextLengths == Array(repeating: input, count: input))
  #expect(t5[0].masks.count == 2 && t5[1].masks.count == 3)
  #expect(t5[1].tokenCount == 1 && t5[1].contextLengths == [1])
  #expect(t5[1].crossAttentionLength == input && t5[2].crossAttentionLength == input)
}

@Test func correlatedDecodeStepsKeepTheDensityAndShrinkTheUnion() {
  func densities(_ correlation: Double) -> (element: Double, union: Double) {
    let trace = SyntheticModelTrace(
      modelSpec(
        TestArchitectures.decoder, sequences: 30, prompt: 1...1, decode: 16...16, density: 0.2,
        decodeCorrelation: correlation))
    var summary = TraceSummary(layers: 3, units: 130, tileTokens: [16])
    for s in 0..<30 { summary.add(trace.records(ofSequence: s)[1]) }
    return (summary.density, summary.layers[0].unions[0].density)
  }
  let independent = densities(0)
  let correlated = densities(0.9)
  #expect(abs(independent.element - 0.2) < 0.02 && abs(correlated.element - 0.2) < 0.02)
  // Independent steps: 1 - 0.8^16 = 0.97; with ρ = 0.9 far fewer units ever fire.
  #expect(abs(independent.union - (1 - pow(0.8, 16))) < 0.03)
  #expect(correlated.union < 0.6)
}

@Test func writerRejectsRecordsTheArchitectureCannotHold() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let header = SyntheticModelTrace(modelSpec(TestArchitectures.decoder)).header()
  let writer = try TraceWriter(path: directory.file("w.trace"), header: header)
  let masks = (0..<3).map { _ in ActivationMask(tokenCount: 2, units: 130) }
  func field(_ record: TraceRecord) -> String? {
    do {
      try writer.append(record)
      return nil
    } catch {
      guard case .invalidRecord(_, _, let field, _) = error else { return "\(error)" }
      return field
    }
  }
  #expect(field(.encoder(sequenceIndex: 0, masks: masks)) == "phase")
  #expect(
    field(TraceRecord(sequenceIndex: 0, phase: .prefill, contextLengths: [1], masks: masks))
      == "contextLengths")
  #expect(
    field(TraceRecord(sequenceIndex: 0, phase: .prefill, contextLengths: [1, 0], masks: masks))
      == "contextLengths[1]")
  #expect(
    field(.prefill(sequenceIndex: 0, crossAttentionLength: 5, masks: masks))
      == "crossAttentionLength")
  #expect(field(.prefill(sequenceIndex: 0, masks: masks)) == nil)
  try writer.finish()

  let t5 = SyntheticModelTrace(modelSpec(TestArchitectures.encoderDecoder)).header()
  let t5Writer = try TraceWriter(path: directory.file("t5.trace"), header: t5)
  let t5Masks = (0..<3).map { _ in ActivationMask(tokenCount: 1, units: 70) }
  #expect(throws: TraceError.self) {
    try t5Writer.append(.prefill(sequenceIndex: 0, masks: t5Masks))
  }
  try t5Writer.append(.prefill(sequenceIndex: 0, crossAttentionLength: 4, masks: t5Masks))

  let v1 = try TraceWriter(
    path: directory.file("v1.trace"),
    header: TraceHeader(model: ModelDimensions(layers: 3, hidden: 48, intermediate: 130, heads: 6)))
  #expect(throws: TraceError.self) { try v1.append(.prefill(sequenceIndex: 0, masks: masks)) }
  try v1.append(TraceRecord(sequenceIndex: 0, masks: masks))
}

@Test func headerJSONOfVersionTwoNamesTheArchitecture() throws {
  let header = SyntheticModelTrace(modelSpec(TestArchitectures.encoderDecoder)).header()
  let json = TraceCrafting.json(header)
  #expect(json.contains(#""architecture":{"name":"tiny-t5","stacks":[{"headDim":6"#))
  #expect(!json.contains(#""model""#))
  #expect(json.contains(#""mlp":{"activation":"gelu-tanh","kind":"gated","masks":"product"}"#))
  let decoded = try JSONDecoder().decode(TraceHeader.self, from: Data(json.utf8))
  #expect(decoded == header)
  #expect(header.model.layers == 5 && header.globalLayerCount == 5)
}

@Test func phaseSummariesSeparateEncoderPrefillAndDecode() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let trace = SyntheticModelTrace(modelSpec(TestArchitectures.encoderDecoder, sequences: 5))
  let path = directory.file("t5.trace")
  try trace.write(to: path)
  let summaries = try TracePhaseSummaries.compute(reader: TraceReader(path: path))
  #expect(summaries.phases.map(\.phase) == [.encoder, .prefill, .decode])
  let records = (0..<5).flatMap { trace.records(ofSequence: $0) }
  for (phase, summary) in summaries.phases {
    let mine = records.filter { $0.phase == phase }
    #expect(summary.recordCount == mine.count)
    #expect(summary.tokenCount == mine.reduce(0) { $0 + $1.tokenCount })
    #expect(summary.layers.count == (phase == .encoder ? 2 : 3))
  }
}
