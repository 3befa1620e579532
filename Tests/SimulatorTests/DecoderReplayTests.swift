import Foundation
import Simulator
import Testing
import TraceFormat

/// Replay of version-2 traces (docs/simulator-model.md, "Version-2 workloads"): a decode step's
/// GEMV and a gated MLP layer against the cycle-stepped reference, MAC conservation, per-phase
/// results, the npz round trip and malformed records.
@Suite struct DecoderReplayTests {
  /// A decoder whose every GEMM fits a 4 × 4 array in one or two folds: D 8, H 2, KV 1, d 4,
  /// F 8, V 8, gated SiLU with gate masks.
  static func tinyDecoder(masks: GatedMaskTensor = .gate) -> ModelArchitecture {
    ModelArchitecture(
      name: "tiny-decoder",
      stacks: [
        StackArchitecture(
          role: .decoder, layers: 1, hidden: 8, heads: 2, kvHeads: 1, headDim: 4, intermediate: 8,
          mlp: .gated(activation: "silu", masks: masks))
      ], vocabSize: 8, tiedEmbeddings: true)
  }

  static func mask(_ tokens: [[Int]], units: Int = 8) -> ActivationMask {
    var mask = ActivationMask(tokenCount: tokens.count, units: units)
    for (t, set) in tokens.enumerated() { for u in set { mask.set(token: t, unit: u) } }
    return mask
  }

  static func gemm(_ result: SimulationResult, _ name: String, layer: Int = 0) -> ActionCounts? {
    result.layers[layer].gemms.first { $0.name == name }?.counts
  }

  static func replay(
    _ records: [TraceRecord], architecture: ModelArchitecture, config: HardwareConfig,
    batch: Int = 1
  ) throws -> SimulationResult {
    let accumulator = try TransformerReplayAccumulator(
      header: TraceHeader(architecture: architecture), config: config,
      options: WorkloadOptions(batchSequences: batch))
    for record in records { try accumulator.add(record) }
    return try accumulator.result()
  }

  /// All-ones activations (the cycle-stepped reference treats zero values as the mask).
  static func ones(_ rows: Int, _ columns: Int) -> [[Int]] {
    [[Int]](repeating: [Int](repeating: 1, count: columns), count: rows)
  }

  /// A decode step of one sequence is a GEMV (M = 1). ws, 4 × 4, one weight slot, double
  /// buffered: mlp-gate 1 × 8 × 8 has 2 N folds × 2 windows of 4 rows; each window streams one
  /// slot, so the array is bound by weight loads (4 cycles per window): latch 0 at 4, then a
  /// window every 4 cycles, the last (4th) streams at 16: 16 + 1 + 4 + 4 − 2 = 23 cycles (as in
  /// the hand-worked MLP-down case) for 64 MACs on 16 PEs (17 % utilisation). SCALE-Sim: 4 × (2·4 + 4 + 1 − 2) = 44. os: one row
  /// group of 1 token, 2 column folds streaming K = 8 values: SCALE-Sim 2 × (4 + 4 + 8 − 2) = 28.
  /// Every count equals the cycle-stepped reference.
  @Test(arguments: [Dataflow.ws, Dataflow.os], [false, true])
  func decodeStepIsAGEMVEqualToTheReference(dataflow: Dataflow, scaleSim: Bool) throws {
    let config = makeConfig(dataflow: dataflow, scaleSim: scaleSim)
    let record = TraceRecord.decode(
      sequenceIndex: 0, cachedTokens: 5, masks: [Self.mask([[0, 3]])])
    let result = try Self.replay([record], architecture: Self.tinyDecoder(), config: config)
    let reference = CycleSteppedArray(config: config).run(
      a: Self.ones(1, 8), w: Self.ones(8, 8), tiles: [1])
    let gate = try #require(Self.gemm(result, "mlp-gate"))
    #expect(gate.computeCycles == reference.counts.cycles)
    #expect(gate.macsComputed == 64 && reference.counts.macsComputed == 64)
    #expect(gate.sramFilterReadBytes == reference.counts.loaded * 1 || dataflow == .os)
    let expected: Int
    switch (dataflow, scaleSim) {
    case (.ws, false): expected = 23
    case (.ws, true): expected = 44
    case (.os, true): expected = 28
    default: expected = reference.counts.cycles
    }
    #expect(gate.computeCycles == expected, "\(dataflow) scaleSim \(scaleSim)")
    // The GEMV streams every weight from DRAM once per step: K × N bytes (int8).
    #expect(gate.dramReadBytes >= 64)
    let phases = try #require(result.phases)
    #expect(phases.map(\.phase) == ["decode"] && phases[0].runs == 1 && phases[0].tokens == 1)
  }

  /// One gated MLP layer, prefill of 3 tokens, gate masks {0,1,2,5}, {0,4}, {} on a 4 × 4 ws
  /// skip array with fold compaction (g = 1, 4 lanes): mlp-gate is dense (3 × 8 × 8); mlp-up
  /// runs the union's 5 columns {0,1,2,4,5}: the dense 3 × 8 × 5 GEMM of the reference
  /// (2 N folds), 6 issued units × K 8 = 48 MACs computed, 3 · 5 · 8 − 48 = 72 gated (the
  /// array computes a union column for every row), 3 · 8 · 8 − 120 = 72 skipped; without
  /// compaction an N fold is dropped only when empty: both folds hold a union unit, N' = 8.
  @Test(arguments: [true, false])
  func gatedMLPLayerUpSkipsTheUnionColumns(compaction: Bool) throws {
    let config = makeConfig(mode: .skip, lanes: 4, foldCompaction: compaction)
    let masks = Self.mask([[0, 1, 2, 5], [0, 4], []])
    let record = TraceRecord.prefill(sequenceIndex: 0, masks: [masks])
    let result = try Self.replay([record], architecture: Self.tinyDecoder(), config: config)
    let kept = compaction ? 5 : 8
    let reference = CycleSteppedArray(config: makeConfig()).run(
      a: Self.ones(3, 8), w: Self.ones(8, kept), tiles: [3])
    let up = try #require(Self.gemm(result, "mlp-up"))
    #expect(up.computeCycles == reference.counts.cycles)
    #expect(up.macsComputed == 48)
    #expect(up.macsGated == 3 * kept * 8 - 48)
    #expect(up.macsSkipped == 3 * 8 * 8 - 3 * kept * 8)
    #expect(up.sramFilterReadBytes == 8 * kept)
    let gate = try #require(Self.gemm(result, "mlp-gate"))
    #expect(gate.macsComputed == 3 * 8 * 8 && gate.macsSkipped == 0)
    // mlp-down skips the same zero units along K (the v1 engine): 6 issued units × N 8.
    let down = try #require(Self.gemm(result, "mlp-down"))
    #expect(down.macsComputed == 48 && down.macsComputed + down.macsSkipped == 3 * 8 * 8)
  }

  /// Product masks: only mlp-down can skip; up is dense.
  @Test func productMasksLeaveUpDense() throws {
    let config = makeConfig(mode: .skip, lanes: 4, foldCompaction: true)
    let record = TraceRecord.prefill(sequenceIndex: 0, masks: [Self.mask([[1], [2], []])])
    let result = try Self.replay(
      [record], architecture: Self.tinyDecoder(masks: .product), config: config)
    let up = try #require(Self.gemm(result, "mlp-up"))
    #expect(up.macsComputed == 3 * 8 * 8 && up.macsSkipped == 0 && up.macsGated == 0)
  }

  /// Decode batches the live sequences of a step: 2 sequences with 2 and 1 steps give runs of
  /// M = 2 and M = 1; up's columns are the union over the step's batch ({0,1} ∪ {1,6} = 3).
  @Test func decodeStepsBatchTheLiveSequences() throws {
    let config = makeConfig(mode: .skip, lanes: 4, foldCompaction: true)
    let a = TraceRecord.decode(
      sequenceIndex: 0, cachedTokens: 3, masks: [Self.mask([[0, 1], [2]])])
    let b = TraceRecord.decode(sequenceIndex: 1, cachedTokens: 4, masks: [Self.mask([[1, 6]])])
    let result = try Self.replay(
      [a, b], architecture: Self.tinyDecoder(), config: config, batch: 2)
    let decode = try #require(result.phases?.first)
    #expect(decode.runs == 2 && decode.tokens == 3 && decode.sequences == 2)
    let up = try #require(Self.gemm(result, "mlp-up"))
    // Step 0: 2 tokens × 3 union columns; step 1: 1 token × 1 column.
    #expect(up.macsComputed + up.macsGated == (2 * 3 + 1 * 1) * 8)
    #expect(up.macsComputed == (2 + 2 + 1) * 8)
    let head = try #require(Self.gemm(result, "lm-head"))
    #expect(head.macsComputed == 3 * 8 * 8)
  }

  /// Every GEMM of random prefill and decode replays conserves MACs (computed + skipped +
  /// gated = the whole rectangle) on dense, gate and skip configs, ws and os; phases add up to
  /// the total.
  @Test func macsAreConservedAndPhasesAddUp() throws {
    var rng = SeededRandom(seed: 11)
    let architecture = Self.tinyDecoder()
    var records: [TraceRecord] = []
    for s in 0..<5 {
      let prompt = Int.random(in: 1...6, using: &rng)
      let steps = Int.random(in: 0...4, using: &rng)
      let p = randomMask(
        tokens: prompt, units: 8, density: 0.4, blockUnits: 2, blockZeroProbability: 0.2,
        rng: &rng)
      records.append(.prefill(sequenceIndex: s, masks: [p]))
      let d = randomMask(
        tokens: steps, units: 8, density: 0.4, blockUnits: 2, blockZeroProbability: 0.2,
        rng: &rng)
      records.append(.decode(sequenceIndex: s, cachedTokens: prompt, masks: [d]))
    }
    let configs = [
      makeConfig(), makeConfig(mode: .gate), makeConfig(mode: .skip, lanes: 4),
      makeConfig(mode: .skip, granularityUnits: 2, lanes: 2, foldCompaction: true),
      makeConfig(dataflow: .os, mode: .skip), makeConfig(mode: .skip, lanes: 4, scaleSim: true),
    ]
    for config in configs {
      for batch in [1, 2, 4] {
        let result = try Self.replay(
          records, architecture: architecture, config: config, batch: batch)
        let reference = try Self.replay(
          records, architecture: architecture, config: config.denseBaseline, batch: batch)
        for (gemm, dense) in zip(result.layers[0].gemms, reference.layers[0].gemms) {
          let c = gemm.counts
          #expect(
            c.macsComputed + c.macsSkipped + c.macsGated == dense.counts.macsComputed,
            "\(gemm.name) batch \(batch)")
        }
        let phases = try #require(result.phases)
        var sum = ActionCounts()
        for phase in phases { sum += phase.total.counts }
        #expect(sum == result.total.counts)
        #expect(result.denseTotal.counts == reference.total.counts)
        #expect(result.sequences == 5)
      }
    }
  }

  /// Export to npz and import back (unpacked 0/1 masks are another representation of the same
  /// masks): the imported trace replays to identical results.
  @Test func npzRoundTripReplaysIdentically() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("decoder-replay-\(UUID())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var rng = SeededRandom(seed: 3)
    let architecture = Self.tinyDecoder()
    let trace = directory + "/d.trace"
    let writer = try TraceWriter(path: trace, header: TraceHeader(architecture: architecture))
    for s in 0..<3 {
      let p = randomMask(
        tokens: 4 + s, units: 8, density: 0.5, blockUnits: 1, blockZeroProbability: 0,
        rng: &rng)
      let d = randomMask(
        tokens: 3, units: 8, density: 0.5, blockUnits: 1, blockZeroProbability: 0, rng: &rng)
      try writer.append(.prefill(sequenceIndex: s, masks: [p]))
      try writer.append(.decode(sequenceIndex: s, cachedTokens: 4 + s, masks: [d]))
    }
    try writer.finish()
    let npz = directory + "/d.npz"
    let back = directory + "/back.trace"
    try TraceNpz.export(tracePath: trace, to: npz, compressed: true)
    _ = try TraceNpz.importTrace(npzPath: npz, to: back)
    let configs = [makeConfig(mode: .skip, lanes: 4, foldCompaction: true), makeConfig()]
    for batch in [1, 2] {
      let options = WorkloadOptions(batchSequences: batch)
      let a = try TraceReplay.replay(path: trace, configs: configs, options: options)
      let b = try TraceReplay.replay(path: back, configs: configs, options: options)
      #expect(a == b)
      #expect(a[0].phases?.map(\.phase) == ["prefill", "decode"])
    }
  }

  /// A version-1 replay has no phases and its JSON no `phases` key (goldens unchanged).
  @Test func versionOneResultsHaveNoPhases() throws {
    let header = makeHeader()
    var rng = SeededRandom(seed: 5)
    let records = randomRecords(header: header, sequences: 3, maxTokens: 5, density: 0.3, rng: &rng)
    let result = try SimulatorTests.replay(
      records, header: header, config: makeConfig(mode: .skip, lanes: 4))
    #expect(result.phases == nil)
    let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
    #expect(!json.contains("\"phases\""))
  }

  /// Each malformed record or header gives one error naming what is wrong.
  @Test func malformedInputsGiveOneClearError() throws {
    let config = makeConfig()
    let decoder = Self.tinyDecoder()
    func message(_ records: [TraceRecord], header: TraceHeader? = nil) -> String {
      do {
        let accumulator = try TransformerReplayAccumulator(
          header: header ?? TraceHeader(architecture: decoder), config: config)
        for record in records { try accumulator.add(record) }
        _ = try accumulator.result()
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let encoderRecord = TraceRecord.encoder(sequenceIndex: 0, masks: [Self.mask([[1]])])
    #expect(message([encoderRecord]).contains("phase: expected one of prefill, decode"))
    let twoLayers = TraceRecord.prefill(
      sequenceIndex: 1, masks: [Self.mask([[1]]), Self.mask([[1]])])
    #expect(message([twoLayers]).contains("layer masks: expected 1 (decoder layers), found 2"))
    let wide = TraceRecord.prefill(sequenceIndex: 2, masks: [Self.mask([[1]], units: 9)])
    #expect(message([wide]).contains("units of layer 0's mask: expected 8"))
    let noContexts = TraceRecord(
      sequenceIndex: 3, phase: .decode, contextLengths: [], masks: [Self.mask([[1]])])
    #expect(message([noContexts]).contains("context lengths: expected 1 (one per token)"))
    let badContext = TraceRecord(
      sequenceIndex: 4, phase: .decode, contextLengths: [0], masks: [Self.mask([[1]])])
    #expect(message([badContext]).contains("context lengths"))
    #expect(message([], header: makeHeader()).contains("formatVersion"))
  }
}
