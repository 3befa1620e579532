import Simulator
import Testing
import TraceFormat

/// The hand-worked case of docs/simulator-model.md: 4 × 4 ws array, one N fold, MLP-down with
/// T = 3 tokens, F = 8 units, D = 4; token 0 non-zero at {0, 1, 2, 5}, token 1 at {0, 4},
/// token 2 all zero.
private func handMask() -> ActivationMask {
  var mask = ActivationMask(tokenCount: 3, units: 8)
  for u in [0, 1, 2, 5] { mask.set(token: 0, unit: u) }
  for u in [0, 4] { mask.set(token: 1, unit: u) }
  return mask
}

private let sram = SRAMBuffers.perOperand(ifmapKiB: 1, filterKiB: 1, ofmapKiB: 1)
private let gemm = GEMMShape(name: "mlp-down", m: 3, k: 8, n: 4, isMLPDown: true)

@Test func handWorkedSkipInterleaved() {
  let config = makeConfig(mode: .skip, lanes: 4, format: .bitmask, sram: sram)
  let stats = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(handMask())
  #expect(stats.nonZeroUnits == 6 && stats.issuedUnits == 6)
  #expect(stats.skipStreamCycles == 4)  // token 0: lane 1 holds {1, 5}; token 1: lane 0 {0, 4}
  #expect(stats.unionUnitsSequence == 5)  // {0, 1, 2, 4, 5}
  let c = GEMMCostModel.mlpDown(gemm, stats: stats, config: config)
  #expect(c.macsComputed == 24 && c.macsSkipped == 72 && c.macsGated == 0)
  #expect(c.computeCycles == 24)  // 2 folds × (2·4 + 4 − 2) + 1 × 4
  #expect(c.sramIfmapReadBytes == 6 && c.sramMetadataReadBytes == 3)
  #expect(c.sramFilterReadBytes == 20 && c.sramOfmapWriteBytes == 24)
  #expect(c.dramReadBytes == 29 && c.dramWriteBytes == 12 && c.dramMetadataReadBytes == 3)
  #expect(c.memoryCycles == 3 && c.totalCycles == 26)  // max(24, 3) + ⌈3/2⌉
}

@Test func handWorkedSkipContiguous() {
  let config = makeConfig(
    mode: .skip, lanes: 4, laneSplit: .contiguous, format: .bitmask, sram: sram)
  let stats = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(handMask())
  // Lanes own {0,1}, {2,3}, {4,5}, {6,7}: token 0 busiest 2 (lane 0), token 1 busiest 1.
  #expect(stats.skipStreamCycles == 3)
  #expect(GEMMCostModel.mlpDown(gemm, stats: stats, config: config).computeCycles == 23)
}

@Test func handWorkedDenseAndGate() {
  let dense = makeConfig(mode: .none, sram: sram)
  let statsDense = MaskAnalyzer(parameters: MaskAnalysisParameters(config: dense)).analyze(
    handMask())
  let d = GEMMCostModel.mlpDown(gemm, stats: statsDense, config: dense)
  #expect(d.computeCycles == 26 && d.macsComputed == 96)
  #expect(d.dramReadBytes == 56 && d.dramWriteBytes == 12)  // ifmap 24 + filter 32, ofmap 12
  #expect(d.memoryCycles == 5 && d.totalCycles == 29)  // max(26, 5) + ⌈5/2⌉
  let gate = makeConfig(mode: .gate, sram: sram)
  let g = GEMMCostModel.mlpDown(
    gemm, stats: MaskAnalyzer(parameters: MaskAnalysisParameters(config: gate)).analyze(handMask()),
    config: gate)
  #expect(g.computeCycles == 26 && g.macsComputed == 24 && g.macsGated == 72)
}

@Test func handWorkedBlockOfTwo() {
  // g = 2, 2 lanes of 2 rows: blocks {0,1} {2,3} {4,5} {6,7}; token 0 non-zero blocks 0, 1, 2
  // (lanes 0, 1, 0), token 1 blocks 0, 2 (lanes 0, 0): busiest 2 + 2 = 4; issued 6 + 4 = 10.
  let config = makeConfig(mode: .skip, granularityUnits: 2, lanes: 2, sram: sram)
  let stats = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(handMask())
  #expect(stats.nonZeroBlocks == 5 && stats.issuedUnits == 10 && stats.skipStreamCycles == 4)
  #expect(stats.unionUnitsSequence == 6)
}
