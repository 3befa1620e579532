import Simulator
import Testing
import TraceFormat

/// The three repros of issue 10, as tests (docs/simulator-model.md, "What changed").

private func shipped(_ name: String) throws -> HardwareConfig {
  try HardwareConfig.load(
    path: repositoryRoot.appendingPathComponent("hwconfigs/\(name).json").path)
}

private let miniLM = makeHeader(layers: 1, hidden: 384, intermediate: 1536, heads: 12)

/// 1. mlp-up of a 25-token sequence (25 × 384 × 1536) on edge-npu writes its output once: its
/// live partial-sum tile (25 × 16 columns × 4 B) fits the 8 KiB usable ofmap buffer, so nothing
/// spills; the output goes to DRAM once, compressed in MLP-down's bitmask format (the dense
/// baseline writes it dense: 38,400 B).
@Test func mlpUpOnEdgeNPUWritesItsOutputOnce() throws {
  var rng = SeededRandom(seed: 1)
  let mask = randomMask(tokens: 25, units: 1536, density: 0.3, rng: &rng)
  let result = try replay(
    [TraceRecord(sequenceIndex: 0, masks: [mask])], header: miniLM, config: try shipped("edge-npu"))
  let up = try #require(result.layers[0].gemms.first { $0.name == "mlp-up" })
  let denseUp = try #require(result.layers[0].denseGemms.first { $0.name == "mlp-up" })
  let stored = mask.words.reduce(0) { $0 + $1.nonzeroBitCount } + 25 * 1536 / 8
  #expect(up.counts.dramWriteBytes == stored)
  #expect(denseUp.counts.dramWriteBytes == 25 * 1536)
  #expect(up.memoryOrder == "fold")
}

/// 2. An all-zero MLP-down on sparse-npu costs the skip setup only: no window has a union, so no
/// weight is loaded or streamed (≤ 5 % of the dense compute cycles; measured 24 of 25,120).
@Test func allZeroMLPDownOnSparseNPUCostsAlmostNothing() throws {
  let mask = ActivationMask(tokenCount: 25, units: 1536)
  let result = try replay(
    [TraceRecord(sequenceIndex: 0, masks: [mask])], header: miniLM,
    config: try shipped("sparse-npu"))
  let down = try #require(result.layers[0].gemms.first { $0.name == "mlp-down" })
  let dense = try #require(result.layers[0].denseGemms.first { $0.name == "mlp-down" })
  #expect(down.counts.computeCycles * 20 <= dense.counts.computeCycles)
  #expect(down.counts.totalCycles * 20 <= dense.counts.totalCycles)
  #expect(down.counts.sramFilterReadBytes == 0 && down.counts.macsComputed == 0)
}

/// 3. A 4 × 4 os array, 4 tokens non-zero at {0,1}, {2,3}, {4,5}, {6,7} (K = 8): the weights
/// of a column are shared by the row group, so the group streams the union (8 k) and gates the
/// rest: 8 + 4 + 4 − 2 = 14 cycles, what the cycle-stepped reference says, in both mappings.
@Test(arguments: [false, true])
func osDisjointNonZerosTakeWhatTheReferenceSays(scaleSim: Bool) {
  let config = makeConfig(
    rows: 4, columns: 4, dataflow: .os, mode: .skip, granularityUnits: 1, scaleSim: scaleSim)
  let a = (0..<4).map { t in (0..<8).map { u in u / 2 == t ? 1 + u : 0 } }
  let w = (0..<8).map { k in (0..<4).map { n in k - n } }
  let reference = CycleSteppedArray(config: config).run(a: a, w: w, tiles: [4])
  var mask = ActivationMask(tokenCount: 4, units: 8)
  for t in 0..<4 { for u in [2 * t, 2 * t + 1] { mask.set(token: t, unit: u) } }
  let stats = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(mask)
  let model = ComputeModel.skip(m: 4, k: 8, n: 4, stats: stats, config: config)
  #expect(reference.counts.cycles == 14)
  #expect(model.cycles - model.skipSetupCycles == reference.counts.cycles)
  #expect(model.macsComputed == 32 && model.macsGated == 96)
  #expect(reference.counts.macsComputed == 32 && reference.counts.macsGated == 96)
}
