import Simulator
import Testing
import TraceFormat

/// The M-tiled loop order worked by hand (docs/simulator-model.md, "Memory"): the two
/// sequences of BatchHandWorkedTests.swift in one batch, with buffers that force M-tiling.
///
/// 4 × 4 ws array, int8, bitmask, skip g = 1 with 4 interleaved lanes, 16 B/cycle, double
/// buffering; buffers ifmap 1 KiB, filter 32 B, ofmap 32 B → usable 512, 16 and 16 B.
/// MLP-down M = 5 (A: 3 tokens {0,1,2,5}, {0,4}, {}; B: 2 tokens {1,3}, {6,7}), K = 8, N = 4.
/// Compute as without M-tiling: 2·10 + 6 = 26 cycles; SRAM ifmap 10 B + 5 B bitmask, filter
/// union 8·4 = 32 B, ofmap writes 5·4·2 = 40 B.
/// - Tile rows: ifmap worst case 8·(8 + 1) = 72 bits per token → ⌊8·512/72⌋ = 56; ofmap
///   4 B per token → ⌊16/4⌋ = 4; m = 4: tiles {a0, a1, a2, b0} and {b1}.
/// - Fold order: ifmap 15 B fits (once); weights 32 B do not fit (ws: fetched once anyway,
///   32 B); the 20 B output does not fit: partial sums spill over ⌈8/4⌉ = 2 K passes, written
///   40 B, read back 20 B. Total 15 + 32 + 20 + 40 = 107 B.
/// - M-tiled (m = 4): ifmap 15 B and ofmap 20 B once; weights streamed per tile, only the rows
///   of W2 the tile's tokens need: tile 1 union {0,…,5} → 24 B, tile 2 {6,7} → 8 B. Total
///   15 + 32 + 20 = 67 B < 107 → chosen. Memory ⌈67/16⌉ = 5 cycles, latency
///   max(26, 5) + ⌈5/2⌉ = 29.
/// - Dense baseline (no skip, dense format): m = min(⌊8·512/64⌋, 4) = 4; fold 40 + 32 + 20 + 40
///   = 132 B; M-tiled streams all 8 weight rows per tile, 40 + 2·32 + 20 = 124 B → chosen;
///   compute 2·(10 + 5) = 30, memory 8, latency 30 + 4 = 34. Skipping halves the weight stream
///   (32 B vs 64 B) because tile 2 needs only rows 6 and 7.
/// - Each sequence alone (batch 1) is one tile (3 and 2 ≤ 4 tokens): both orders move the same
///   bytes and the fold order is kept, as before M-tiling existed.
private let sram = SRAMBuffers.perOperand(ifmapKiB: 1, filterKiB: 1.0 / 32, ofmapKiB: 1.0 / 32)
private let config = makeConfig(mode: .skip, lanes: 4, format: .bitmask, sram: sram)
private let batch = GEMMShape(name: "mlp-down", m: 5, k: 8, n: 4, isMLPDown: true)

@Test func handWorkedMTiledTwoSequences() {
  let tileTokens = GEMMCostModel.mlpDownTileTokens(units: 8, hidden: 4, config: config)
  #expect(tileTokens == 4)
  let parameters = MaskAnalysisParameters(config: config, mTileTokens: tileTokens)
  let stats = MaskAnalyzer(parameters: parameters).analyze([
    handWorkedSequenceA(), handWorkedSequenceB(),
  ])
  #expect(
    stats
      == ReferenceMaskAnalyzer(parameters: parameters).analyze([
        handWorkedSequenceA(), handWorkedSequenceB(),
      ]))
  #expect(stats.unionUnitsSequence == 8 && stats.unionUnitsMTileSum == 6 + 2)
  let orders = GEMMCostModel.memoryOrderBytes(batch, stats: stats, config: config)
  #expect(orders.foldBytes == 107 && orders.mTiledBytes == 67 && orders.mTileRows == 4)
  #expect(orders.chosen == .mTiled(tileRows: 4) && orders.chosenBytes == 67)
  let c = GEMMCostModel.mlpDown(batch, stats: stats, config: config)
  #expect(c.computeCycles == 26 && c.macsComputed == 40)
  #expect(c.sramIfmapReadBytes == 10 && c.sramMetadataReadBytes == 5)
  #expect(c.sramFilterReadBytes == 32 && c.sramOfmapWriteBytes == 40)
  #expect(c.dramReadBytes == 47 && c.dramWriteBytes == 20 && c.dramMetadataReadBytes == 5)
  #expect(c.memoryCycles == 5 && c.totalCycles == 29)
}

@Test func handWorkedMTiledDenseBaseline() {
  let dense = config.denseBaseline
  let orders = GEMMCostModel.memoryOrderBytes(batch, config: dense)
  #expect(orders.foldBytes == 132 && orders.mTiledBytes == 124)
  #expect(orders.chosen == .mTiled(tileRows: 4))
  let c = GEMMCostModel.dense(batch, config: dense)
  #expect(c.computeCycles == 30 && c.dramReadBytes == 104 && c.dramWriteBytes == 20)
  #expect(c.memoryCycles == 8 && c.totalCycles == 34)
}

@Test func handWorkedMTiledSequencesAloneKeepTheFoldOrder() {
  let parameters = MaskAnalysisParameters(config: config, mTileTokens: 4)
  for (mask, tokens) in [(handWorkedSequenceA(), 3), (handWorkedSequenceB(), 2)] {
    let stats = MaskAnalyzer(parameters: parameters).analyze(mask)
    let gemm = GEMMShape(name: "mlp-down", m: tokens, k: 8, n: 4, isMLPDown: true)
    let orders = GEMMCostModel.memoryOrderBytes(gemm, stats: stats, config: config)
    #expect(orders.chosen == .fold && orders.mTiledBytes == orders.foldBytes)
  }
}

/// The same batch through a replay: the accumulator hands the analyser the tile size and the
/// result names the order.
@Test func handWorkedMTiledThroughAReplay() throws {
  let header = makeHeader(layers: 1, hidden: 4, intermediate: 8, heads: 1)
  let records = [
    TraceRecord(sequenceIndex: 0, masks: [handWorkedSequenceA()]),
    TraceRecord(sequenceIndex: 1, masks: [handWorkedSequenceB()]),
  ]
  for analysis in [MaskAnalysisMode.fast, .reference] {
    let result = try replay(records, header: header, config: config, analysis: analysis, batch: 2)
    let layer = result.layers[0]
    let down = try #require(layer.gemms.first { $0.name == "mlp-down" })
    let denseDown = try #require(layer.denseGemms.first { $0.name == "mlp-down" })
    #expect(down.memoryOrder == "m-tiled(m=4)" && denseDown.memoryOrder == "m-tiled(m=4)")
    #expect(down.counts.dramReadBytes == 47 && down.counts.totalCycles == 29)
    #expect(denseDown.counts.totalCycles == 34)
    #expect(result.total.memoryOrder == nil && layer.vector.memoryOrder == nil)
  }
  let alone = try replay(records, header: header, config: config)
  let down = try #require(alone.layers[0].gemms.first { $0.name == "mlp-down" })
  #expect(down.memoryOrder == "fold")
}
