import Foundation
import Simulator
import TraceFormat

/// SplitMix64: a small seeded generator so every test is reproducible.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A random mask: each unit non-zero with probability `density`; with `blockUnits > 1` whole
/// aligned blocks are zeroed with probability `blockZeroProbability` first (block correlation).
func randomMask(
  tokens: Int, units: Int, density: Double, blockUnits: Int = 1,
  blockZeroProbability: Double = 0, rng: inout SeededRandom
) -> ActivationMask {
  var mask = ActivationMask(tokenCount: tokens, units: units)
  for t in 0..<tokens {
    var u = 0
    while u < units {
      let zeroBlock = Double.random(in: 0..<1, using: &rng) < blockZeroProbability
      for v in u..<min(units, u + blockUnits) where !zeroBlock {
        if Double.random(in: 0..<1, using: &rng) < density { mask.set(token: t, unit: v) }
      }
      u += blockUnits
    }
  }
  return mask
}

/// `mask` with each non-zero cleared with probability `p` (a nested, sparser mask).
func thinned(_ mask: ActivationMask, p: Double, rng: inout SeededRandom) -> ActivationMask {
  var copy = mask
  for t in 0..<mask.tokenCount {
    for u in 0..<mask.units where mask.isNonZero(token: t, unit: u) {
      if Double.random(in: 0..<1, using: &rng) < p { copy.set(token: t, unit: u, false) }
    }
  }
  return copy
}

/// Five one-layer records of 1…20 tokens with masks of density 0.6 over `units`, and the same
/// records with each non-zero cleared with one random probability (nested, sparser masks).
func nestedRecordPair(units: Int, rng: inout SeededRandom) -> (
  outer: [TraceRecord], inner: [TraceRecord]
) {
  let outer = (0..<5).map { s in
    TraceRecord(
      sequenceIndex: s,
      masks: [
        randomMask(
          tokens: Int.random(in: 1...20, using: &rng), units: units, density: 0.6, rng: &rng)
      ])
  }
  let p = Double.random(in: 0...1, using: &rng)
  let inner = outer.map {
    TraceRecord(sequenceIndex: $0.sequenceIndex, masks: [thinned($0.masks[0], p: p, rng: &rng)])
  }
  return (outer, inner)
}

func makeConfig(
  rows: Int = 4, columns: Int = 4, dataflow: Dataflow = .ws, mode: ZeroHandling.Mode = .none,
  granularityUnits: Int = 1, lanes: Int? = nil, laneSplit: ZeroHandling.LaneSplit? = nil,
  format: ActivationFormat.Kind = .dense, metadataBits: Int? = nil,
  sram: SRAMBuffers = .perOperand(ifmapKiB: 64, filterKiB: 64, ofmapKiB: 64),
  dramBytesPerCycle: Double = 16, doubleBuffering: Bool = true, overlap: Bool? = nil,
  staticPowerMW: Double = 10, scaleSim: Bool = false, weightsPerPE: Int = 1,
  foldCompaction: Bool = false
) -> HardwareConfig {
  let skip = mode == .skip
  let split: ZeroHandling.LaneSplit =
    laneSplit ?? (skip ? (dataflow == .os ? .tokenPerLane : .interleaved) : .none)
  let laneCount = skip ? (lanes ?? (dataflow == .os ? rows : rows / granularityUnits)) : 0
  let bits = metadataBits ?? (format == .dense ? 0 : format == .bitmask ? 1 : 4)
  var energy = EnergyTable.defaults(
    precision: .int8, ifmapKiB: sram.ifmapKiB ?? 64, filterKiB: sram.filterKiB ?? 64,
    ofmapKiB: sram.ofmapKiB ?? 64)
  energy.staticPowerMW = staticPowerMW
  return HardwareConfig(
    name: "test",
    peArray: PEArray(
      rows: rows, columns: columns, dataflow: dataflow, overlapFoldFillDrain: overlap ?? !scaleSim,
      weightsPerPE: weightsPerPE),
    clockGHz: 1, operandPrecision: .int8, vectorUnitLanes: 8,
    zeroHandling: ZeroHandling(
      mode: mode, granularityUnits: skip ? granularityUnits : 1, lanes: laneCount,
      laneSplit: split, foldCompaction: foldCompaction),
    activationFormat: ActivationFormat(kind: format, metadataBits: bits), sram: sram,
    dramBytesPerCycle: dramBytesPerCycle, doubleBuffering: doubleBuffering,
    mapping: scaleSim ? .scaleSim(operandBytes: 1) : Mapping(), energy: energy)
}

func makeHeader(
  layers: Int = 2, hidden: Int = 16, intermediate: Int = 64, heads: Int = 2,
  peft: PEFTDescription = PEFTDescription(), deft: DEFTDescription = DEFTDescription()
) -> TraceHeader {
  TraceHeader(
    model: ModelDimensions(
      name: "test", layers: layers, hidden: hidden, intermediate: intermediate, heads: heads),
    peft: peft, deft: deft)
}

/// Random records for `header`.
func randomRecords(
  header: TraceHeader, sequences: Int, maxTokens: Int, density: Double, rng: inout SeededRandom
) -> [TraceRecord] {
  (0..<sequences).map { s in
    let tokens = Int.random(in: 1...maxTokens, using: &rng)
    let masks = (0..<header.model.layers).map { _ in
      randomMask(
        tokens: tokens, units: header.model.intermediate, density: density, blockUnits: 4,
        blockZeroProbability: 0.3, rng: &rng)
    }
    return TraceRecord(sequenceIndex: s, masks: masks)
  }
}

func replay(
  _ records: [TraceRecord], header: TraceHeader, config: HardwareConfig,
  analysis: MaskAnalysisMode = .fast, batch: Int = 1
) throws -> SimulationResult {
  try accumulate(records, header: header, config: config, analysis: analysis, batch: batch)
    .result()
}

/// An accumulator fed with `records` in batches of `batch` sequences.
func accumulate(
  _ records: [TraceRecord], header: TraceHeader, config: HardwareConfig,
  analysis: MaskAnalysisMode = .fast, batch: Int = 1
) throws -> ReplayAccumulator {
  let accumulator = try ReplayAccumulator(
    header: header, config: config, options: WorkloadOptions(batchSequences: batch),
    analysis: analysis)
  for record in records { try accumulator.add(record) }
  return accumulator
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
