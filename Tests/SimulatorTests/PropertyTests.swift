import Foundation
import Simulator
import Testing
import TraceFormat

let skipConfigs: [HardwareConfig] = [
  makeConfig(rows: 8, columns: 4, mode: .skip, granularityUnits: 1, lanes: 8, format: .bitmask),
  makeConfig(rows: 8, columns: 4, mode: .skip, granularityUnits: 4, lanes: 2, format: .rle),
  makeConfig(
    rows: 8, columns: 4, mode: .skip, granularityUnits: 2, lanes: 4, laneSplit: .contiguous,
    sram: .shared(kiB: 1)),
  makeConfig(
    rows: 4, columns: 4, dataflow: .os, mode: .skip, granularityUnits: 2, format: .bitmask),
  makeConfig(
    rows: 6, columns: 3, mode: .skip, granularityUnits: 1, lanes: 6,
    sram: .perOperand(ifmapKiB: 0.25, filterKiB: 0.25, ofmapKiB: 0.25), dramBytesPerCycle: 1),
  makeConfig(
    rows: 8, columns: 4, mode: .skip, granularityUnits: 1, lanes: 8, format: .bitmask,
    weightsPerPE: 4),
  makeConfig(
    rows: 8, columns: 4, mode: .skip, granularityUnits: 2, lanes: 4, format: .bitmask,
    scaleSim: true, weightsPerPE: 3),
]

/// Skip configs with fold compaction (see `compactionCanCostMoreForANestedMask`).
let compactingConfigs: [HardwareConfig] = [
  makeConfig(
    rows: 8, columns: 4, mode: .skip, granularityUnits: 1, lanes: 8, format: .bitmask,
    weightsPerPE: 4, foldCompaction: true),
  makeConfig(
    rows: 8, columns: 4, mode: .skip, granularityUnits: 2, lanes: 4, laneSplit: .contiguous,
    weightsPerPE: 2, foldCompaction: true),
]

@Test(arguments: skipConfigs.indices)
func nestedMasksNeverCostMoreUnderSkip(index: Int) throws {
  let config = skipConfigs[index]
  var rng = SeededRandom(seed: UInt64(50 + index))
  let header = makeHeader(layers: 1, hidden: 16, intermediate: 96)
  for _ in 0..<20 {
    let tokens = Int.random(in: 1...30, using: &rng)
    let outer = randomMask(tokens: tokens, units: 96, density: 0.6, rng: &rng)
    let inner = thinned(outer, p: Double.random(in: 0...1, using: &rng), rng: &rng)
    let a = try replay(
      [TraceRecord(sequenceIndex: 0, masks: [outer])], header: header, config: config)
    let b = try replay(
      [TraceRecord(sequenceIndex: 0, masks: [inner])], header: header, config: config)
    #expect(b.total.counts.totalCycles <= a.total.counts.totalCycles)
    #expect(b.total.counts.computeCycles <= a.total.counts.computeCycles)
    #expect(b.total.energyPJ <= a.total.energyPJ + 1e-9)
  }
}

@Test(arguments: Dataflow.allCases)
func modeNoneIgnoresMasks(dataflow: Dataflow) throws {
  var rng = SeededRandom(seed: 3)
  let config = makeConfig(rows: 4, columns: 8, dataflow: dataflow, mode: .none)
  let header = makeHeader(layers: 2, hidden: 16, intermediate: 64)
  let dense = ActivationMask(
    tokenCount: 12, units: 64, words: [UInt64](repeating: ~0, count: 12))
  let sparse = randomMask(tokens: 12, units: 64, density: 0.1, rng: &rng)
  let a = try replay(
    [TraceRecord(sequenceIndex: 0, masks: [dense, dense])], header: header, config: config)
  let b = try replay(
    [TraceRecord(sequenceIndex: 0, masks: [sparse, sparse])], header: header, config: config)
  #expect(a.total == b.total)
  #expect(a.speedup == 1 && b.speedup == 1)
  #expect(a.total.counts.macsSkipped == 0 && a.total.counts.macsGated == 0)
}

@Test func gatingKeepsCyclesAndSavesMACEnergy() throws {
  var rng = SeededRandom(seed: 4)
  let header = makeHeader()
  let records = randomRecords(header: header, sequences: 5, maxTokens: 16, density: 0.3, rng: &rng)
  let gate = try replay(records, header: header, config: makeConfig(mode: .gate))
  #expect(gate.total.counts.totalCycles == gate.denseTotal.counts.totalCycles)
  #expect(gate.total.counts.macsGated > 0)
  #expect(gate.total.energy.macPJ < gate.denseTotal.energy.macPJ)
}

@Test func macConservation() throws {
  var rng = SeededRandom(seed: 5)
  let header = makeHeader(
    peft: PEFTDescription(method: "adapter", adapterWidth: 4, prefixLength: 3))
  let records = randomRecords(header: header, sequences: 4, maxTokens: 12, density: 0.4, rng: &rng)
  for config in skipConfigs + [makeConfig(mode: .gate), makeConfig(mode: .none)] {
    let result = try replay(records, header: header, config: config)
    for layer in result.layers {
      for (gemm, dense) in zip(layer.gemms, layer.denseGemms) {
        let c = gemm.counts
        #expect(c.macsComputed + c.macsSkipped + c.macsGated == dense.counts.macsComputed)
      }
    }
    #expect(result.total.counts.macsTotal == result.denseTotal.counts.macsComputed)
  }
}

/// SCALE-Sim's fill/drain grows with the array, so more PEs can cost more cycles when a GEMM
/// dimension is smaller than the array (K = 32 on 32 vs 64 rows). For dimensions that are
/// multiples of the larger array, doubling rows or columns never costs more cycles.
@Test(arguments: Dataflow.allCases)
func morePEsNeverCostMoreCycles(dataflow: Dataflow) {
  for (m, k, n) in [(64, 128, 64), (128, 256, 128), (64, 64, 192)] {
    for (r, c) in [(4, 4), (8, 8), (16, 32)] {
      let small = SystolicTiming.dense(
        m: m, k: k, n: n, array: PEArray(rows: r, columns: c, dataflow: dataflow))
      let taller = SystolicTiming.dense(
        m: m, k: k, n: n, array: PEArray(rows: 2 * r, columns: c, dataflow: dataflow))
      let wider = SystolicTiming.dense(
        m: m, k: k, n: n, array: PEArray(rows: r, columns: 2 * c, dataflow: dataflow))
      #expect(taller.computeCycles <= small.computeCycles, "\(dataflow) \(m)x\(k)x\(n) \(r)x\(c)")
      #expect(wider.computeCycles <= small.computeCycles, "\(dataflow) \(m)x\(k)x\(n) \(r)x\(c)")
    }
  }
  let counterexample = (
    SystolicTiming.dense(m: 8, k: 32, n: 32, array: PEArray(rows: 32, columns: 32, dataflow: .ws)),
    SystolicTiming.dense(m: 8, k: 32, n: 32, array: PEArray(rows: 64, columns: 32, dataflow: .ws))
  )
  #expect(counterexample.1.computeCycles > counterexample.0.computeCycles)
}

@Test func moreBandwidthNeverCostsMoreCycles() throws {
  var rng = SeededRandom(seed: 6)
  let header = makeHeader(layers: 2, hidden: 32, intermediate: 128, heads: 4)
  let records = randomRecords(header: header, sequences: 4, maxTokens: 24, density: 0.3, rng: &rng)
  for base in skipConfigs + [makeConfig(mode: .gate, doubleBuffering: false)] {
    var previous = Int.max
    for bandwidth in [0.5, 1, 2, 8, 64, 1024] {
      var config = base
      config.dramBytesPerCycle = bandwidth
      let cycles = try replay(records, header: header, config: config).total.counts.totalCycles
      #expect(cycles <= previous)
      previous = cycles
    }
  }
}

@Test func replayIsDeterministic() throws {
  var rng = SeededRandom(seed: 8)
  let header = makeHeader()
  let records = randomRecords(header: header, sequences: 6, maxTokens: 20, density: 0.3, rng: &rng)
  let config = skipConfigs[0]
  let a = try replay(records, header: header, config: config)
  let b = try replay(records, header: header, config: config)
  #expect(a == b)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  #expect(try encoder.encode(a) == encoder.encode(b))
  let decoded = try JSONDecoder().decode(SimulationResult.self, from: encoder.encode(a))
  #expect(decoded == a)
}

@Test func adaSkippedLayersCostNothingInTheMLP() throws {
  var rng = SeededRandom(seed: 9)
  let header = makeHeader(deft: DEFTDescription(enabled: true, ada: true, skippedLayers: [1]))
  let records = randomRecords(header: header, sequences: 3, maxTokens: 10, density: 0.3, rng: &rng)
  let result = try replay(records, header: header, config: skipConfigs[0])
  #expect(result.layers[1].mlpSkipped)
  #expect(!result.layers[1].gemms.contains { $0.name.hasPrefix("mlp-") })
  #expect(result.layers[0].gemms.contains { $0.name == "mlp-down" })
}

@Test func recordThatDoesNotMatchTheHeaderIsRejected() throws {
  let header = makeHeader(layers: 2, intermediate: 64)
  let accumulator = try ReplayAccumulator(header: header, config: makeConfig())
  let wrongUnits = TraceRecord(
    sequenceIndex: 7,
    masks: [ActivationMask(tokenCount: 2, units: 32), ActivationMask(tokenCount: 2, units: 32)])
  #expect(throws: SimulationError.self) { try accumulator.add(wrongUnits) }
  let wrongLayers = TraceRecord(sequenceIndex: 8, masks: [ActivationMask(tokenCount: 2, units: 64)])
  do {
    try accumulator.add(wrongLayers)
    Issue.record("expected an error")
  } catch {
    #expect(error.description.contains("sequence 8"))
  }
}

/// Nested masks under fold compaction: the packed windows shrink with the union, but removing a
/// union row shifts every later row to another lane, so a window's busiest lane can grow
/// (`compactionCanCostMoreCyclesForANestedMaskHandWorked`, docs/simulator-model.md,
/// "Properties"). MACs, weight bytes and DRAM bytes never grow.
@Test(arguments: compactingConfigs.indices)
func compactionCanCostMoreForANestedMask(index: Int) throws {
  let config = compactingConfigs[index]
  var rng = SeededRandom(seed: UInt64(70 + index))
  let header = makeHeader(layers: 1, hidden: 16, intermediate: 96)
  for _ in 0..<30 {
    let tokens = Int.random(in: 1...30, using: &rng)
    let outer = randomMask(tokens: tokens, units: 96, density: 0.4, rng: &rng)
    let inner = thinned(outer, p: Double.random(in: 0...1, using: &rng), rng: &rng)
    let a = try replay(
      [TraceRecord(sequenceIndex: 0, masks: [outer])], header: header, config: config)
    let b = try replay(
      [TraceRecord(sequenceIndex: 0, masks: [inner])], header: header, config: config)
    #expect(b.total.counts.macsComputed <= a.total.counts.macsComputed)
    #expect(b.total.counts.sramFilterReadBytes <= a.total.counts.sramFilterReadBytes)
    #expect(b.total.counts.dramReadBytes <= a.total.counts.dramReadBytes)
  }
}

/// The documented exception: under fold compaction a nested mask can take more cycles. Two
/// interleaved lanes, two weight slots (a window of 4 positions), K = 4. Outer: five tokens at
/// {0, 3}, one at {1}, one at {2}: union {0,1,2,3}, positions = units, five tokens use lanes 0
/// and 1 once: 5 + 1 + 1 = 7 slots. Inner (the {1} token emptied): union {0, 2, 3}, unit 3
/// moves to position 2, lane 0 — the five tokens now need 2 slots each: 10 + 1 = 11.
@Test func compactionCanCostMoreCyclesForANestedMaskHandWorked() {
  let config = makeConfig(
    rows: 2, columns: 2, mode: .skip, granularityUnits: 1, lanes: 2, weightsPerPE: 2,
    foldCompaction: true)
  func slots(_ rows: [[Int]]) -> Int {
    var mask = ActivationMask(tokenCount: rows.count, units: 4)
    for (t, units) in rows.enumerated() { for u in units { mask.set(token: t, unit: u) } }
    let stats = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(mask)
    return stats.tiles[0].windows.reduce(0) { $0 + $1.streamSlots }
  }
  let five = [[Int]](repeating: [0, 3], count: 5)
  #expect(slots(five + [[1], [2]]) == 7)
  #expect(slots(five + [[], [2]]) == 11)
  // Without compaction the same pair never costs more (positions do not move).
  var plain = config
  plain.zeroHandling.foldCompaction = false
  let stats = { (rows: [[Int]]) -> Int in
    var mask = ActivationMask(tokenCount: rows.count, units: 4)
    for (t, units) in rows.enumerated() { for u in units { mask.set(token: t, unit: u) } }
    return MaskAnalyzer(parameters: MaskAnalysisParameters(config: plain)).analyze(mask)
      .tiles[0].windows.reduce(0) { $0 + $1.streamSlots }
  }
  #expect(stats(five + [[], [2]]) <= stats(five + [[1], [2]]))
}
