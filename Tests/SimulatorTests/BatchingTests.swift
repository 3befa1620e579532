import Foundation
import Simulator
import Testing
import TraceFormat

/// Batches (``WorkloadOptions/batchSequences``): the fast engine equals the reference on random
/// traces and configs, a batch of one is the batch-1 replay, results echo the batch size.

/// `masks` concatenated along tokens into one mask.
private func concatenated(_ masks: [ActivationMask]) -> ActivationMask {
  ActivationMask(
    tokenCount: masks.reduce(0) { $0 + $1.tokenCount }, units: masks[0].units,
    words: masks.flatMap(\.words))
}

/// Headers exercising every workload path: plain, adapter with prefix tuning, LoRA, ADA-DEFT.
private func randomHeader(_ rng: inout SeededRandom) -> TraceHeader {
  let intermediate = [64, 96, 130].randomElement(using: &rng) ?? 64
  switch Int.random(in: 0..<4, using: &rng) {
  case 0:
    return makeHeader(
      intermediate: intermediate,
      peft: PEFTDescription(method: "adapter", adapterWidth: 4, prefixLength: 3))
  case 1:
    return makeHeader(
      intermediate: intermediate,
      peft: PEFTDescription(method: "lora", loraRank: 2, loraTargets: ["query", "mlp-down"]))
  case 2:
    return makeHeader(
      intermediate: intermediate,
      deft: DEFTDescription(enabled: true, ada: true, skippedLayers: [1]))
  default:
    return makeHeader(intermediate: intermediate)
  }
}

/// Random records, some of them empty (zero tokens).
private func randomRecordsWithEmpty(
  header: TraceHeader, sequences: Int, rng: inout SeededRandom
) -> [TraceRecord] {
  var records = randomRecords(
    header: header, sequences: sequences, maxTokens: 20,
    density: Double.random(in: 0.05...0.9, using: &rng), rng: &rng)
  if Bool.random(using: &rng) {
    let empty = (0..<header.model.layers).map { _ in
      ActivationMask(tokenCount: 0, units: header.model.intermediate)
    }
    records.insert(
      TraceRecord(sequenceIndex: records.count, masks: empty),
      at: Int.random(in: 0...records.count, using: &rng))
  }
  return records
}

@Test(arguments: 0..<10)
func fastBatchStatisticsEqualReferenceAndConcatenation(seed: UInt64) {
  var rng = SeededRandom(seed: 3000 + seed)
  for _ in 0..<20 {
    let config = randomConfig(&rng)
    let units = [1, 20, 64, 65, 130, 192].randomElement(using: &rng) ?? 64
    let masks = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
      randomMask(
        tokens: Int.random(in: 0...13, using: &rng), units: units,
        density: Double.random(in: 0...1, using: &rng), blockUnits: 4,
        blockZeroProbability: Double.random(in: 0...0.8, using: &rng), rng: &rng)
    }
    let parameters = MaskAnalysisParameters(config: config)
    let rows = [0, 1, 2, 5, 13].randomElement(using: &rng) ?? 0
    let fast = MaskAnalyzer(parameters: parameters).analyze(masks, tileRows: rows)
    #expect(fast == ReferenceMaskAnalyzer(parameters: parameters).analyze(masks, tileRows: rows))
    #expect(
      fast == MaskAnalyzer(parameters: parameters).analyze(concatenated(masks), tileRows: rows))
  }
}

/// Batches of 1, 2, 3 and more than the record count, on every dataflow and zero-handling
/// mode that ``randomConfig(_:)`` draws (ws/os skip with every lane split, gate, none, all three
/// formats, shared and per-operand buffers, overlapped fill/drain).
@Test(arguments: 0..<8)
func fastBatchedReplayEqualsReference(seed: UInt64) throws {
  var rng = SeededRandom(seed: 4000 + seed)
  for _ in 0..<3 {
    let config = randomConfig(&rng)
    let header = randomHeader(&rng)
    let records = randomRecordsWithEmpty(header: header, sequences: 7, rng: &rng)
    let merged = Bool.random(using: &rng)
    for batch in [1, 2, 3, records.count + 2] {
      let options = WorkloadOptions(loraMerged: merged, batchSequences: batch)
      var results: [SimulationResult] = []
      var weights: [Int] = []
      for analysis in [MaskAnalysisMode.fast, .reference] {
        let accumulator = try ReplayAccumulator(
          header: header, config: config, options: options, analysis: analysis)
        for record in records { try accumulator.add(record) }
        results.append(accumulator.result())
        weights.append(accumulator.dramFilterReadBytes)
      }
      #expect(results[0] == results[1], "batch \(batch) on \(config.peArray)")
      #expect(weights[0] == weights[1], "batch \(batch) on \(config.peArray)")
      #expect(results[0].workload.batchSequences == batch)
      #expect(results[0].sequences == records.count)
    }
  }
}

/// ``ReplayAccumulator/result()`` costs an unfinished batch without consuming it: a result taken
/// mid-batch equals the replay of the records so far, and the final result is unchanged.
@Test func resultMidBatchIsASnapshot() throws {
  var rng = SeededRandom(seed: 11)
  let header = makeHeader()
  let records = randomRecords(header: header, sequences: 7, maxTokens: 12, density: 0.4, rng: &rng)
  let config = skipConfigs[0]
  let accumulator = try ReplayAccumulator(
    header: header, config: config, options: WorkloadOptions(batchSequences: 3))
  for (i, record) in records.enumerated() {
    try accumulator.add(record)
    let prefix = try replay(Array(records[...i]), header: header, config: config, batch: 3)
    #expect(accumulator.result() == prefix, "after record \(i)")
  }
  #expect(accumulator.result() == (try replay(records, header: header, config: config, batch: 3)))
}

/// Batch 1 is the default; its JSON has no `batchSequences` key (results of a deft-sim without
/// batching, byte for byte); other sizes are echoed and round-trip.
@Test func batchSizeIsEchoedAndBatchOneIsTheDefault() throws {
  var rng = SeededRandom(seed: 12)
  let header = makeHeader()
  let records = randomRecords(header: header, sequences: 5, maxTokens: 12, density: 0.3, rng: &rng)
  let config = skipConfigs[1]
  let plain = try ReplayAccumulator(header: header, config: config)
  for record in records { try plain.add(record) }
  let one = try replay(records, header: header, config: config, batch: 1)
  #expect(plain.result() == one)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  let oneJSON = try #require(String(data: encoder.encode(one.workload), encoding: .utf8))
  #expect(oneJSON == #"{"loraMerged":true}"#)
  let four = try replay(records, header: header, config: config, batch: 4)
  let fourJSON = try encoder.encode(four)
  #expect(String(data: fourJSON, encoding: .utf8)?.contains(#""batchSequences":4"#) == true)
  #expect(try JSONDecoder().decode(SimulationResult.self, from: fourJSON) == four)
  #expect(throws: DecodingError.self) {
    try JSONDecoder().decode(
      WorkloadOptions.self, from: Data(#"{"loraMerged":true,"batchSequences":0}"#.utf8))
  }
}

/// A one-sequence trace costs the same at any batch size; a batch's tokens and MACs are those of
/// its sequences.
@Test func batchesDoNotChangeTokensOrMACs() throws {
  var rng = SeededRandom(seed: 13)
  let header = makeHeader(peft: PEFTDescription(method: "adapter", adapterWidth: 4))
  let records = randomRecords(header: header, sequences: 6, maxTokens: 15, density: 0.4, rng: &rng)
  for config in skipConfigs + [makeConfig(dataflow: .is, mode: .gate)] {
    let single = try replay([records[0]], header: header, config: config)
    let singleBatched = try replay([records[0]], header: header, config: config, batch: 5)
    #expect(singleBatched.layers == single.layers && singleBatched.total == single.total)
    let one = try replay(records, header: header, config: config)
    for batch in [2, 3, 6] {
      let batched = try replay(records, header: header, config: config, batch: batch)
      #expect(batched.tokens == one.tokens && batched.sequences == one.sequences)
      #expect(batched.total.counts.macsTotal == one.total.counts.macsTotal)
      // Skipping and gating decide per token, so MAC outcomes do not depend on batching.
      #expect(batched.total.counts.macsComputed == one.total.counts.macsComputed)
      #expect(batched.total.counts.vectorElements == one.total.counts.vectorElements)
    }
  }
}
