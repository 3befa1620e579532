import Simulator
import Testing
import TraceFormat

/// Two sequences in one batch, worked by hand (docs/simulator-model.md, "Batching").
///
/// 4 × 4 ws array, 1 KiB buffers per operand, 16 B/cycle, int8, bitmask, skip g = 1 with 4
/// interleaved lanes (lane = unit mod 4); MLP-down F = K = 8, D = N = 4: folds ⌈8/4⌉·⌈4/4⌉ = 2,
/// fill/drain 2·4 + 4 − 2 = 10 per fold.
/// - A (3 tokens, the single-sequence hand-worked case): {0,1,2,5}, {0,4}, {}.
///   Busiest lane per token 2, 2, 0 → stream 4; compute 2·10 + 4 = 24; union {0,1,2,4,5}.
/// - B (2 tokens): {1,3} (lanes 1, 3 → 1), {6,7} (lanes 2, 3 → 1) → stream 2; compute 22;
///   union {1,3,6,7}.
/// - A + B as one batch (M = 5 tokens in record order): stream 4 + 2 = 6, compute
///   2·10 + 6 = 26 (one fill/drain per fold instead of two: 46 → 26). MACs computed 10·4 = 40,
///   skipped 5·8·4 − 40 = 120. Union {0,…,7} = 8 units → filter 8·4 = 32 B (36 B as two
///   sequences). Ifmap 10 values + ⌈5·8/8⌉ = 5 B bitmask; ofmap writes 5·4·⌈8/4⌉ = 40 B.
///   DRAM: read 15 + 32 = 47 B, write 5·4 = 20 B → ⌈67/16⌉ = 5 cycles; latency
///   max(26, 5) + ⌈5/2⌉ = 29 (26 + 23 = 49 as two sequences).
/// Sequence A of the doc comment above (also used by MTilingHandWorkedTests.swift).
func handWorkedSequenceA() -> ActivationMask {
  var mask = ActivationMask(tokenCount: 3, units: 8)
  for u in [0, 1, 2, 5] { mask.set(token: 0, unit: u) }
  for u in [0, 4] { mask.set(token: 1, unit: u) }
  return mask
}

/// Sequence B of the doc comment above (also used by MTilingHandWorkedTests.swift).
func handWorkedSequenceB() -> ActivationMask {
  var mask = ActivationMask(tokenCount: 2, units: 8)
  for u in [1, 3] { mask.set(token: 0, unit: u) }
  for u in [6, 7] { mask.set(token: 1, unit: u) }
  return mask
}

private let config = makeConfig(
  mode: .skip, lanes: 4, format: .bitmask,
  sram: .perOperand(ifmapKiB: 1, filterKiB: 1, ofmapKiB: 1))

private func mlpDown(tokens: Int) -> GEMMShape {
  GEMMShape(name: "mlp-down", m: tokens, k: 8, n: 4, isMLPDown: true)
}

@Test func handWorkedTwoSequencesInOneBatch() {
  let analyzer = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config))
  let stats = analyzer.analyze([handWorkedSequenceA(), handWorkedSequenceB()])
  #expect(stats.tokens == 5 && stats.nonZeroUnits == 10 && stats.issuedUnits == 10)
  #expect(stats.skipStreamCycles == 6)
  #expect(stats.unionUnitsSequence == 8)
  let c = GEMMCostModel.mlpDown(mlpDown(tokens: 5), stats: stats, config: config)
  #expect(c.macsComputed == 40 && c.macsSkipped == 120 && c.macsGated == 0)
  #expect(c.computeCycles == 26)
  #expect(c.sramIfmapReadBytes == 10 && c.sramMetadataReadBytes == 5)
  #expect(c.sramFilterReadBytes == 32 && c.sramOfmapWriteBytes == 40)
  #expect(c.dramReadBytes == 47 && c.dramWriteBytes == 20 && c.dramMetadataReadBytes == 5)
  #expect(c.memoryCycles == 5 && c.totalCycles == 29)
}

@Test func handWorkedTwoSequencesSeparately() {
  let analyzer = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config))
  let a = GEMMCostModel.mlpDown(
    mlpDown(tokens: 3), stats: analyzer.analyze(handWorkedSequenceA()), config: config)
  let b = GEMMCostModel.mlpDown(
    mlpDown(tokens: 2), stats: analyzer.analyze(handWorkedSequenceB()), config: config)
  #expect(a.computeCycles + b.computeCycles == 46)
  #expect(a.sramFilterReadBytes + b.sramFilterReadBytes == 36)
  #expect(a.totalCycles == 26 && b.totalCycles == 23)
}

/// The batch workload of the doc comment of ``LayerWorkload``: D = 16, H = 2, F = 64, sequences
/// of 3 and 5 tokens.
@Test func handWorkedBatchWorkload() throws {
  let dims = try TraceHeaderDimensions(header: makeHeader(hidden: 16, intermediate: 64, heads: 2))
  let work = LayerWorkload(
    header: dims, layer: 0, sequenceTokens: [3, 0, 5], options: WorkloadOptions())
  let shapes = work.gemms.map { "\($0.name) \($0.m)x\($0.k)x\($0.n)x\($0.instances)" }
  #expect(
    shapes == [
      "qkv-projection 8x16x48x1", "attention-scores 3x8x3x2", "attention-scores 5x8x5x2",
      "attention-context 3x3x8x2", "attention-context 5x5x8x2", "attention-output 8x16x16x1",
      "mlp-up 8x16x64x1", "mlp-down 8x64x16x1",
    ])
  #expect(work.gemms.map(\.perSequence) == [false, true, true, true, true, false, false, false])
  #expect(work.vectorElements == 836)
  let single = (0..<2).map { i in
    LayerWorkload(header: dims, layer: 0, tokens: [3, 5][i], options: WorkloadOptions())
  }
  #expect(work.vectorElements == single[0].vectorElements + single[1].vectorElements)
}
