import Simulator
import Testing
import TraceFormat

/// The hand-worked case of docs/simulator-model.md: 4 × 4 ws array, one N fold, MLP-down with
/// T = 3 tokens, F = 8 units, D = 4; token 0 non-zero at {0, 1, 2, 5}, token 1 at {0, 4},
/// token 2 all zero. Skip g = 1 on 4 interleaved lanes, one weight slot per PE: windows are the
/// folds {0…3} and {4…7}; union {0, 1, 2, 4, 5}. Window 0: token 0 uses lanes 0, 1, 2 once
/// (busiest 1), token 1 lane 0 (1), token 2 nothing: 2 slots, 2 active tokens; window 1:
/// token 0 {5}, token 1 {4}: 2 slots, 2 active tokens.
private func handMask() -> ActivationMask {
  var mask = ActivationMask(tokenCount: 3, units: 8)
  for u in [0, 1, 2, 5] { mask.set(token: 0, unit: u) }
  for u in [0, 4] { mask.set(token: 1, unit: u) }
  return mask
}

private let sram = SRAMBuffers.perOperand(ifmapKiB: 1, filterKiB: 1, ofmapKiB: 1)
private let gemm = GEMMShape(name: "mlp-down", m: 3, k: 8, n: 4, isMLPDown: true)

private func stats(_ config: HardwareConfig) -> MaskStatistics {
  MaskAnalyzer(parameters: MaskAnalysisParameters(config: config)).analyze(handMask())
}

/// SCALE-Sim mapping: each window loads (4), streams (2) and drains (4 + 4 − 2) alone:
/// 2 × 12 = 24, plus 1 cycle of skip setup (⌈8 blocks / 64⌉). DRAM: the input dense (24 B, no
/// compressed writes in this model), the union's weights 5 × 4 = 20 B, the output 12 B: 56 B,
/// 4 cycles; latency max(25, 4) + ⌈4 / 2 windows⌉ = 27.
@Test func handWorkedSkipScaleSim() {
  let config = makeConfig(mode: .skip, lanes: 4, format: .bitmask, sram: sram, scaleSim: true)
  let s = stats(config)
  #expect(s.tiles.count == 1 && s.tiles[0].windows.count == 2)
  #expect(s.tiles[0].windows.map(\.streamSlots) == [2, 2])
  #expect(s.tiles[0].windows.map(\.unionUnits) == [3, 2])
  let c = GEMMCostModel.mlpDown(gemm, stats: s, config: config)
  #expect(c.macsComputed == 24 && c.macsSkipped == 72 && c.macsGated == 0)
  #expect(c.computeCycles == 25 && c.skipSetupCycles == 1)
  #expect(c.sramIfmapReadBytes == 6 && c.sramMetadataReadBytes == 3)
  #expect(c.sramFilterReadBytes == 20 && c.sramOfmapWriteBytes == 16)
  #expect(c.dramReadBytes == 44 && c.dramWriteBytes == 12 && c.dramMetadataReadBytes == 0)
  #expect(c.memoryCycles == 4 && c.totalCycles == 27)
}

/// The accelerator mapping: window 1's weights shift in while window 0 streams; latch 0 at 4,
/// stream 4…5; latch 1 at 4 + 4 = 8, stream 8…9, last partial sum 8 + 2 + 6 = 16 cycles; + 1
/// setup = 17. Accumulator writes at int32: 16 × 4 B. DRAM: the input as mlp-up wrote it
/// (bitmask: 6 values + 3 bytes), weights 20 B, output 12 B: 41 B, 3 cycles; latency
/// max(17, 3) + ⌈3 / 2⌉ = 19.
@Test func handWorkedSkipAccelerator() {
  let config = makeConfig(mode: .skip, lanes: 4, format: .bitmask, sram: sram)
  let c = GEMMCostModel.mlpDown(gemm, stats: stats(config), config: config)
  #expect(c.computeCycles == 17 && c.macsComputed == 24)
  #expect(c.sramOfmapWriteBytes == 64)
  #expect(c.dramReadBytes == 29 && c.dramMetadataReadBytes == 3 && c.dramWriteBytes == 12)
  #expect(c.memoryCycles == 3 && c.totalCycles == 19)
  #expect(c.encoderElements == 24 && c.indexGenerations == 6)
}

/// The dense baseline in the SCALE-Sim mapping is SCALE-Sim: 2 folds × (8 + 4 + 3 − 2) = 26;
/// DRAM 24 + 32 + 12 = 68 B, 5 cycles; latency 26 + 3 = 29. Gating: same cycles, 24 MACs
/// computed, 72 gated.
@Test func handWorkedDenseAndGate() {
  let dense = makeConfig(mode: .none, sram: sram, scaleSim: true)
  let d = GEMMCostModel.mlpDown(gemm, stats: stats(dense), config: dense)
  #expect(d.computeCycles == 26 && d.macsComputed == 96)
  #expect(d.dramReadBytes == 56 && d.dramWriteBytes == 12)
  #expect(d.memoryCycles == 5 && d.totalCycles == 29)
  let gate = makeConfig(mode: .gate, sram: sram, scaleSim: true)
  let g = GEMMCostModel.mlpDown(gemm, stats: stats(gate), config: gate)
  #expect(g.computeCycles == 26 && g.macsComputed == 24 && g.macsGated == 72)
}

/// Contiguous lanes with 2 weight slots per PE (one window of 4 lanes × 2 slots = all 8 units):
/// lane l owns {2l, 2l+1}; token 0 {0,1,2,5}: lane 0 holds 2 → 2 slots; token 1 {0,4}: 1 slot.
@Test func handWorkedContiguousTwoSlots() {
  let config = makeConfig(
    mode: .skip, lanes: 4, laneSplit: .contiguous, format: .bitmask, sram: sram, scaleSim: true,
    weightsPerPE: 2)
  let s = stats(config)
  #expect(s.tiles[0].windows.count == 1 && s.tiles[0].windows[0].streamSlots == 3)
  // One window: load 4 × 2 slots, stream 3, drain 6: 17, + 1 setup.
  #expect(GEMMCostModel.mlpDown(gemm, stats: s, config: config).computeCycles == 18)
}
