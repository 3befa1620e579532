import Simulator
import Testing
import TraceFormat

/// The properties of PropertyTests.swift at batch > 1, and what batching must (and, in the
/// documented cases, need not) save.

private let batches = [2, 3, 50]

@Test(arguments: skipConfigs.indices, [2, 3])
func nestedMasksNeverCostMoreUnderSkipInBatches(index: Int, batch: Int) throws {
  let config = skipConfigs[index]
  var rng = SeededRandom(seed: UInt64(150 + index * 10 + batch))
  let header = makeHeader(layers: 1, hidden: 16, intermediate: 96)
  for _ in 0..<8 {
    let (outer, inner) = nestedRecordPair(units: 96, rng: &rng)
    let a = try replay(outer, header: header, config: config, batch: batch)
    let b = try replay(inner, header: header, config: config, batch: batch)
    #expect(b.total.counts.totalCycles <= a.total.counts.totalCycles)
    #expect(b.total.counts.computeCycles <= a.total.counts.computeCycles)
    #expect(b.total.energyPJ <= a.total.energyPJ + 1e-9)
  }
}

@Test(arguments: Dataflow.allCases)
func modeNoneIgnoresMasksInBatches(dataflow: Dataflow) throws {
  var rng = SeededRandom(seed: 160)
  let config = makeConfig(rows: 4, columns: 8, dataflow: dataflow, mode: .none)
  let header = makeHeader(layers: 2, hidden: 16, intermediate: 64)
  let sparse = randomRecords(header: header, sequences: 5, maxTokens: 12, density: 0.1, rng: &rng)
  let dense = sparse.map { record in
    TraceRecord(
      sequenceIndex: record.sequenceIndex,
      masks: record.masks.map {
        ActivationMask(
          tokenCount: $0.tokenCount, units: 64,
          words: [UInt64](repeating: ~0, count: $0.tokenCount))
      })
  }
  for batch in batches {
    let a = try replay(dense, header: header, config: config, batch: batch)
    let b = try replay(sparse, header: header, config: config, batch: batch)
    #expect(a.total == b.total)
    #expect(a.speedup == 1 && b.speedup == 1)
  }
}

@Test func macConservationInBatches() throws {
  var rng = SeededRandom(seed: 161)
  let header = makeHeader(
    peft: PEFTDescription(method: "adapter", adapterWidth: 4, prefixLength: 3))
  let records = randomRecords(header: header, sequences: 5, maxTokens: 12, density: 0.4, rng: &rng)
  for config in skipConfigs + [makeConfig(mode: .gate), makeConfig(dataflow: .is)] {
    for batch in batches {
      let result = try replay(records, header: header, config: config, batch: batch)
      for layer in result.layers {
        for (gemm, dense) in zip(layer.gemms, layer.denseGemms) {
          let c = gemm.counts
          #expect(c.macsComputed + c.macsSkipped + c.macsGated == dense.counts.macsComputed)
        }
      }
      #expect(result.total.counts.macsTotal == result.denseTotal.counts.macsComputed)
    }
  }
}

@Test func moreBandwidthNeverCostsMoreCyclesInBatches() throws {
  var rng = SeededRandom(seed: 162)
  let header = makeHeader(layers: 2, hidden: 32, intermediate: 128, heads: 4)
  let records = randomRecords(header: header, sequences: 5, maxTokens: 24, density: 0.3, rng: &rng)
  for base in skipConfigs + [makeConfig(mode: .gate, doubleBuffering: false)] {
    for batch in batches {
      var previous = Int.max
      for bandwidth in [0.5, 1, 2, 8, 64, 1024] {
        var config = base
        config.dramBytesPerCycle = bandwidth
        let cycles = try replay(records, header: header, config: config, batch: batch)
          .total.counts.totalCycles
        #expect(cycles <= previous)
        previous = cycles
      }
    }
  }
}

/// As `morePEsNeverCostMoreCycles`: every GEMM dimension a multiple of the larger array (D = 64,
/// one head, F = 128, sequences of 64 tokens, so M = 64·sequences), doubling rows or columns
/// never costs more compute cycles, at any batch size.
@Test(arguments: Dataflow.allCases)
func morePEsNeverCostMoreComputeCyclesInBatches(dataflow: Dataflow) throws {
  var rng = SeededRandom(seed: 163)
  let header = makeHeader(layers: 1, hidden: 64, intermediate: 128, heads: 1)
  let records = (0..<4).map { s in
    TraceRecord(
      sequenceIndex: s, masks: [randomMask(tokens: 64, units: 128, density: 0.3, rng: &rng)])
  }
  for mode in [ZeroHandling.Mode.none, .gate] {
    for (r, c) in [(4, 4), (8, 8), (16, 32)] {
      for batch in [1, 2, 4] {
        func compute(_ rows: Int, _ columns: Int) throws -> Int {
          let config = makeConfig(rows: rows, columns: columns, dataflow: dataflow, mode: mode)
          return try replay(records, header: header, config: config, batch: batch)
            .total.counts.computeCycles
        }
        let small = try compute(r, c)
        #expect(try compute(2 * r, c) <= small, "\(dataflow) \(mode) \(r)x\(c) batch \(batch)")
        #expect(try compute(r, 2 * c) <= small, "\(dataflow) \(mode) \(r)x\(c) batch \(batch)")
      }
    }
  }
}

/// Weights are fetched once per batch: with per-operand buffers, batching never reads more filter
/// bytes from DRAM than batch 1 in the fold order, and (ws, or os/is without skip, no fill/drain
/// overlap) never costs more compute cycles, since a batch pays each fold's fill/drain once. The
/// M-tiled order trades weight bytes (streamed per M tile) for activation and partial-sum bytes,
/// so the weight comparison is made only when neither replay chose it.
@Test(arguments: 0..<6)
func batchingNeverIncreasesWeightDRAMBytes(seed: UInt64) throws {
  var rng = SeededRandom(seed: 5000 + seed)
  var foldOnly = 0
  for _ in 0..<6 {
    var config = randomConfig(&rng)
    let filterKiB: Double =
      config.zeroHandling.mode == .skip && config.peArray.dataflow == .os
      ? 64 : [0.25, 1, 64].randomElement(using: &rng) ?? 1
    // Mostly roomy activation buffers, so that some cases keep the fold order everywhere.
    let activationKiB: [Double] = [0.25, 1, 64, 64, 64]
    config.sram = .perOperand(
      ifmapKiB: activationKiB.randomElement(using: &rng) ?? 1, filterKiB: filterKiB,
      ofmapKiB: activationKiB.randomElement(using: &rng) ?? 1)
    let header = makeHeader(layers: 2, hidden: 16, intermediate: 96)
    let records = randomRecords(
      header: header, sequences: 6, maxTokens: 20,
      density: Double.random(in: 0.05...0.9, using: &rng), rng: &rng)
    let one = try accumulate(records, header: header, config: config)
    for batch in batches {
      let batched = try accumulate(records, header: header, config: config, batch: batch)
      if allFold(one.result()) && allFold(batched.result()) {
        #expect(batched.dramFilterReadBytes <= one.dramFilterReadBytes, "\(config.peArray)")
        foldOnly += 1
      }
      let skipOS = config.zeroHandling.mode == .skip && config.peArray.dataflow != .ws
      if !skipOS && !config.peArray.overlapFoldFillDrain {
        #expect(
          batched.result().total.counts.computeCycles <= one.result().total.counts.computeCycles)
      }
    }
  }
  #expect(foldOnly > 0, "no case kept the fold order everywhere")
}

/// Every GEMM of every layer, on the config and on the dense baseline, kept the fold order.
private func allFold(_ result: SimulationResult) -> Bool {
  result.layers.allSatisfy { ($0.gemms + $0.denseGemms).allSatisfy { $0.memoryOrder == "fold" } }
}

/// The documented exception: os token groups of R rows run across sequence boundaries, so under
/// os skip with weights that do not fit (refetched per group, union of the group) a batch can
/// read more weight bytes. R = 2; A = 1 all-zero token, B = 2 tokens both non-zero at units
/// 0..<32: as sequences the groups are {a0} and {b0, b1} (union 32), in one batch {a0, b0} and
/// {b1} (32 + 32). The 64 B ifmap buffer (32 B usable) holds no MLP-down row (64 B), so the
/// M-tiled order, which would stream the batch's union once, is not available for it.
@Test func osSkipGroupsAcrossSequencesCanReadMoreWeights() throws {
  let header = makeHeader(layers: 1, hidden: 16, intermediate: 64)
  var b = ActivationMask(tokenCount: 2, units: 64)
  for t in 0..<2 { for u in 0..<32 { b.set(token: t, unit: u) } }
  let records = [
    TraceRecord(sequenceIndex: 0, masks: [ActivationMask(tokenCount: 1, units: 64)]),
    TraceRecord(sequenceIndex: 1, masks: [b]),
  ]
  let config = makeConfig(
    rows: 2, columns: 4, dataflow: .os, mode: .skip, granularityUnits: 1,
    sram: .perOperand(ifmapKiB: 1.0 / 16, filterKiB: 0.25, ofmapKiB: 64))
  let one = try accumulate(records, header: header, config: config)
  let two = try accumulate(records, header: header, config: config, batch: 2)
  // MLP-down: 32·16 B as sequences, 64·16 B batched; the dense GEMMs read the same (two row
  // groups of weights either way: as sequences one each, batched ⌈3/2⌉ = 2 in the fold order or
  // two M tiles of 2 tokens).
  #expect(two.dramFilterReadBytes - one.dramFilterReadBytes == 32 * 16)
}
