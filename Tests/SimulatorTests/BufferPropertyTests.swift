import Simulator
import Testing
import TraceFormat

/// Bigger buffers and dense GEMMs (every GEMM but MLP-down under skip): the plan takes the
/// candidate with the fewest steady-state cycles (max of compute and memory, their sum without
/// double buffering), so growing every buffer never raises them. The prologue (⌈memory / windows⌉: the first window's fetch that
/// cannot overlap) can grow when bigger M tiles mean fewer, larger windows, so latency may grow
/// by at most the new prologue (docs/simulator-model.md, "Properties").
@Test(arguments: 0..<6)
func biggerBuffersNeverCostMoreSteadyStateCycles(seed: UInt64) {
  var rng = SeededRandom(seed: 6200 + seed)
  for _ in 0..<40 {
    var base = withSmallBuffers(randomConfig(&rng), &rng)
    if base.zeroHandling.mode == .skip { base = base.denseBaseline }
    let gemm = GEMMShape(
      name: "g", m: Int.random(in: 1...120, using: &rng),
      k: [16, 64, 96].randomElement(using: &rng) ?? 16,
      n: [4, 16, 48].randomElement(using: &rng) ?? 16)
    var previous: (steady: Int, total: Int)?
    for factor in [1.0, 1.5, 2, 4, 16, 1024] {
      var config = base
      config.sram.ifmapKiB = config.sram.ifmapKiB.map { $0 * factor }
      config.sram.filterKiB = config.sram.filterKiB.map { $0 * factor }
      config.sram.ofmapKiB = config.sram.ofmapKiB.map { $0 * factor }
      config.sram.sharedKiB = config.sram.sharedKiB.map { $0 * factor }
      let c = GEMMCostModel.dense(gemm, config: config)
      let steady =
        config.doubleBuffering
        ? max(c.computeCycles, c.memoryCycles) : c.computeCycles + c.memoryCycles
      let prologue = config.doubleBuffering ? c.totalCycles - steady : 0
      if let previous {
        #expect(steady <= previous.steady, "×\(factor) \(config.sram) \(gemm)")
        #expect(c.totalCycles <= previous.total + prologue, "×\(factor) \(config.sram) \(gemm)")
      }
      previous = (steady, c.totalCycles)
    }
  }
}

/// `config` with random small buffers, so GEMMs of a few dozen tokens overflow.
func withSmallBuffers(_ config: HardwareConfig, _ rng: inout SeededRandom) -> HardwareConfig {
  var copy = config
  copy.sram =
    Bool.random(using: &rng)
    ? .perOperand(
      ifmapKiB: [0.25, 0.5, 1, 2].randomElement(using: &rng) ?? 1,
      filterKiB: [1.0 / 32, 0.25, 1].randomElement(using: &rng) ?? 0.25,
      ofmapKiB: [1.0 / 16, 0.125, 0.25].randomElement(using: &rng) ?? 0.125)
    : .shared(kiB: [0.5, 1, 2, 4].randomElement(using: &rng) ?? 1)
  return copy
}
