import Simulator
import Testing

/// `hwconfigs/sparse-npu-batched.json` (docs/hwconfig.md): sparse-npu with buffers sized for
/// batched inference, and the regime it is there to show.

private func shipped(_ name: String) throws -> HardwareConfig {
  try HardwareConfig.load(
    path: repositoryRoot.appendingPathComponent("hwconfigs/\(name).json").path)
}

@Test func sparseNPUBatchedIsSparseNPUWithBiggerBuffers() throws {
  let batched = try shipped("sparse-npu-batched")
  let base = try shipped("sparse-npu")
  #expect(batched.sram == .perOperand(ifmapKiB: 1024, filterKiB: 256, ofmapKiB: 512))
  var same = batched
  same.name = base.name
  same.description = base.description
  same.sram = base.sram
  same.energy = base.energy  // SRAM energies follow the buffer sizes
  #expect(same == base)
  #expect(batched.energy.source == base.energy.source)
  #expect(batched.energy.staticPowerMW == base.energy.staticPowerMW)
}

/// A batch of 32 SST-2-sized sequences (M = 800 tokens) of all-MiniLM-L6-v2 (D = 384,
/// F = 1536): on sparse-npu the 128 KiB ofmap buffer allows M tiles of 42 (mlp-up) and 56 (qkv)
/// tokens, the weights are re-streamed 20 and 15 times and these GEMMs are DRAM-bound; on
/// sparse-npu-batched (tiles of 170 and 227 tokens) every token-parallel GEMM is compute-bound,
/// and so is MLP-down at density 0.25 with skipping (issued units ÷ 4, union ≈ 1).
@Test func sparseNPUBatchedIsComputeBoundAtBatch32() throws {
  let m = 800
  let gemms = [
    GEMMShape(name: "qkv-projection", m: m, k: 384, n: 1152),
    GEMMShape(name: "attention-output", m: m, k: 384, n: 384),
    GEMMShape(name: "mlp-up", m: m, k: 384, n: 1536),
    GEMMShape(name: "mlp-down", m: m, k: 1536, n: 384),
  ]
  let batched = try shipped("sparse-npu-batched")
  let base = try shipped("sparse-npu")
  for gemm in gemms {
    let c = GEMMCostModel.dense(gemm, config: batched)
    #expect(c.computeCycles >= c.memoryCycles, "\(gemm.name) on sparse-npu-batched")
  }
  for name in ["qkv-projection", "mlp-up"] {
    let gemm = try #require(gemms.first { $0.name == name })
    let c = GEMMCostModel.dense(gemm, config: base)
    #expect(c.memoryCycles > c.computeCycles, "\(name) on sparse-npu")
  }
  #expect(GEMMCostModel.mlpDownTileTokens(units: 1536, hidden: 384, config: base) == 75)
  #expect(GEMMCostModel.mlpDownTileTokens(units: 1536, hidden: 384, config: batched) == 303)

  // MLP-down at density 0.25 under element skipping on 32 interleaved lanes.
  var rng = SeededRandom(seed: 77)
  let mask = randomMask(tokens: m, units: 1536, density: 0.25, rng: &rng)
  let parameters = MaskAnalysisParameters(config: batched, mTileTokens: 303)
  let stats = MaskAnalyzer(parameters: parameters).analyze(mask)
  let down = GEMMCostModel.mlpDown(gemms[3], stats: stats, config: batched)
  #expect(down.computeCycles >= down.memoryCycles)
  let dense = GEMMCostModel.dense(gemms[3], config: batched.denseBaseline)
  #expect(Double(dense.totalCycles) / Double(down.totalCycles) > 2)
}
