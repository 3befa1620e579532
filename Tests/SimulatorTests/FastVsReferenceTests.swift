import Simulator
import Testing
import TraceFormat

/// A random small config that exercises every mask-analysis path: bit-sliced lanes (period
/// dividing 64 or a multiple of 64), generic lane counting, contiguous split, os groups, rle.
func randomConfig(_ rng: inout SeededRandom) -> HardwareConfig {
  let format = [ActivationFormat.Kind.dense, .bitmask, .rle].randomElement(using: &rng) ?? .dense
  let bits = format == .rle ? Int.random(in: 1...4, using: &rng) : nil
  let sizes: [Double] = [0.25, 1, 64]
  let sharedSizes: [Double] = [1, 4, 256]
  let ifmapKiB = sizes.randomElement(using: &rng) ?? 1
  let filterKiB = sizes.randomElement(using: &rng) ?? 1
  let ofmapKiB = sizes.randomElement(using: &rng) ?? 1
  let sharedKiB = sharedSizes.randomElement(using: &rng) ?? 4
  let sram: SRAMBuffers =
    Bool.random(using: &rng)
    ? .perOperand(ifmapKiB: ifmapKiB, filterKiB: filterKiB, ofmapKiB: ofmapKiB)
    : .shared(kiB: sharedKiB)
  let dramChoices: [Double] = [1, 4, 32]
  let dram: Double = dramChoices.randomElement(using: &rng) ?? 4
  let doubleBuffering = Bool.random(using: &rng)
  let scaleSim = Int.random(in: 0..<4, using: &rng) == 0
  let overlap = !scaleSim
  switch Int.random(in: 0..<6, using: &rng) {
  case 0, 1, 2:  // ws skip: lanes × g == rows
    let g = [1, 2, 4, 8].randomElement(using: &rng) ?? 1
    let lanes = [1, 2, 3, 4, 6, 8, 16, 32, 64].randomElement(using: &rng) ?? 4
    let split: ZeroHandling.LaneSplit = Bool.random(using: &rng) ? .interleaved : .contiguous
    let columns = [2, 4, 5, 16].randomElement(using: &rng) ?? 4
    return makeConfig(
      rows: lanes * g, columns: columns, dataflow: .ws, mode: .skip, granularityUnits: g,
      lanes: lanes, laneSplit: split, format: format, metadataBits: bits, sram: sram,
      dramBytesPerCycle: dram, doubleBuffering: doubleBuffering, overlap: overlap,
      scaleSim: scaleSim, weightsPerPE: [1, 2, 3, 4, 16].randomElement(using: &rng) ?? 1,
      foldCompaction: Bool.random(using: &rng))
  case 3:  // os skip: one token per row
    let rows = [2, 3, 4, 8].randomElement(using: &rng) ?? 4
    let g = [1, 2, 4, 16].randomElement(using: &rng) ?? 1
    return makeConfig(
      rows: rows, columns: 4, dataflow: .os, mode: .skip, granularityUnits: g, format: format,
      metadataBits: bits, sram: sram, dramBytesPerCycle: dram, doubleBuffering: doubleBuffering,
      overlap: overlap, scaleSim: scaleSim)
  default:  // gate or none on any dataflow
    return makeConfig(
      rows: [2, 4, 8].randomElement(using: &rng) ?? 4, columns: 4,
      dataflow: Dataflow.allCases.randomElement(using: &rng) ?? .ws,
      mode: Bool.random(using: &rng) ? .gate : .none, format: format, metadataBits: bits,
      sram: sram, dramBytesPerCycle: dram, doubleBuffering: doubleBuffering, overlap: overlap,
      scaleSim: scaleSim)
  }
}

@Test(arguments: 0..<12)
func fastMaskStatisticsEqualReference(seed: UInt64) {
  var rng = SeededRandom(seed: 1000 + seed)
  for _ in 0..<25 {
    let config = randomConfig(&rng)
    let units = [1, 8, 20, 63, 64, 65, 100, 130, 192, 256].randomElement(using: &rng) ?? 64
    let tokens = Int.random(in: 0...40, using: &rng)
    let mask = randomMask(
      tokens: tokens, units: units, density: Double.random(in: 0...1, using: &rng),
      blockUnits: [1, 4, 8].randomElement(using: &rng) ?? 1,
      blockZeroProbability: Double.random(in: 0...0.8, using: &rng), rng: &rng)
    let parameters = MaskAnalysisParameters(config: config)
    let tileRows = [0, 1, 2, 3, 7, 16, 64].randomElement(using: &rng) ?? 0
    let fast = MaskAnalyzer(parameters: parameters).analyze(mask, tileRows: tileRows)
    let slow = ReferenceMaskAnalyzer(parameters: parameters).analyze(mask, tileRows: tileRows)
    #expect(fast == slow, "config \(config.peArray) \(config.zeroHandling) units \(units)")
  }
}

@Test(arguments: 0..<8)
func fastReplayEqualsReferenceReplay(seed: UInt64) throws {
  var rng = SeededRandom(seed: 2000 + seed)
  for _ in 0..<4 {
    let config = randomConfig(&rng)
    let header = makeHeader(
      layers: 2, hidden: 16, intermediate: [64, 96, 130].randomElement(using: &rng) ?? 64)
    let records = randomRecords(
      header: header, sequences: 6, maxTokens: 20,
      density: Double.random(in: 0.05...0.9, using: &rng),
      rng: &rng)
    let fast = try replay(records, header: header, config: config, analysis: .fast)
    let slow = try replay(records, header: header, config: config, analysis: .reference)
    #expect(fast == slow)
    #expect(fast.total.counts.totalCycles == slow.total.counts.totalCycles)
  }
}

/// A single analyzer reused across masks of different shapes keeps no stale state.
@Test func analyzerReuseAcrossShapes() {
  var rng = SeededRandom(seed: 7)
  let config = makeConfig(
    rows: 32, columns: 4, mode: .skip, granularityUnits: 1, lanes: 32, weightsPerPE: 16,
    foldCompaction: true)
  let parameters = MaskAnalysisParameters(config: config)
  let analyzer = MaskAnalyzer(parameters: parameters)
  let reference = ReferenceMaskAnalyzer(parameters: parameters)
  for units in [64, 200, 64, 1536, 10] {
    let mask = randomMask(tokens: 9, units: units, density: 0.4, rng: &rng)
    #expect(analyzer.analyze(mask, tileRows: 4) == reference.analyze(mask, tileRows: 4))
  }
}

/// The shipped-size layouts (32 lanes × 16 slots: windows of 512 units, bit-sliced; 8 lanes of
/// 4 units; fold compaction) on MLP-down-sized masks with dead units: fast == reference.
@Test(arguments: [
  (32, 1, 16, false), (32, 1, 16, true), (8, 4, 4, false), (16, 1, 8, true), (32, 1, 1, false),
])
func fastEqualsReferenceOnShippedLayouts(lanes: Int, g: Int, slots: Int, compaction: Bool) {
  var rng = SeededRandom(seed: UInt64(lanes * 1000 + g * 100 + slots + (compaction ? 7 : 0)))
  let config = makeConfig(
    rows: lanes * g, columns: 32, mode: .skip, granularityUnits: g, lanes: lanes,
    format: .bitmask, weightsPerPE: slots, foldCompaction: compaction)
  let parameters = MaskAnalysisParameters(config: config)
  for _ in 0..<3 {
    var mask = randomMask(tokens: 30, units: 1536, density: 0.3, rng: &rng)
    for t in 0..<30 { for u in 0..<1536 where u % 3 == 0 { mask.set(token: t, unit: u, false) } }
    let tileRows = [0, 7, 12].randomElement(using: &rng) ?? 0
    #expect(
      MaskAnalyzer(parameters: parameters).analyze(mask, tileRows: tileRows)
        == ReferenceMaskAnalyzer(parameters: parameters).analyze(mask, tileRows: tileRows))
  }
}
