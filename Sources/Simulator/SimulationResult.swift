import TraceFormat

/// The outcome of replaying a trace on one hardware config: per layer and per GEMM, totals, the
/// dense baseline on the same hardware, and the inputs echoed. Rendered by the Reports module.
public struct SimulationResult: Codable, Sendable, Equatable {
  public static let currentFormatVersion = 1

  public var formatVersion = SimulationResult.currentFormatVersion
  /// The trace header, echoed.
  public var traceHeader: TraceHeader
  /// The resolved hardware config (defaults filled in).
  public var hardware: HardwareConfig
  /// The dense baseline: ``hardware`` with zero handling `none` and dense activations.
  public var denseBaselineHardware: HardwareConfig
  public var workload: WorkloadOptions
  public var sequences: Int
  /// Tokens replayed (real plus prompt-tuning tokens), summed over sequences.
  public var tokens: Int
  public var layers: [LayerResult]
  /// All layers of all sequences on ``hardware``.
  public var total: WorkResult
  /// All layers of all sequences on the dense baseline.
  public var denseTotal: WorkResult
  /// Dense-baseline cycles / cycles.
  public var speedup: Double
  /// 1 − energy / dense-baseline energy.
  public var energySaving: Double
  /// Area of ``hardware`` and of the dense baseline (no skip logic), mm² by component.
  public var area: AreaBreakdown
  public var denseBaselineArea: AreaBreakdown
  /// Sequences per second per mm² on ``hardware`` (throughput at the replayed batching).
  public var sequencesPerSecondPerMM2: Double
  /// Energy per inference (per sequence) in µJ on ``hardware``.
  public var energyPerSequenceMicrojoules: Double
  /// Version-2 traces: one entry per phase present (encoder, prefill, decode), in that order.
  /// Absent (nil) for version 1, so version-1 results are unchanged byte for byte.
  public var phases: [PhaseResult]?

  public init(
    traceHeader: TraceHeader, hardware: HardwareConfig, workload: WorkloadOptions,
    sequences: Int, tokens: Int, layers: [LayerResult], total: WorkResult, denseTotal: WorkResult
  ) {
    self.traceHeader = traceHeader
    self.hardware = hardware
    self.denseBaselineHardware = hardware.denseBaseline
    self.workload = workload
    self.sequences = sequences
    self.tokens = tokens
    self.layers = layers
    self.total = total
    self.denseTotal = denseTotal
    self.speedup = ratio(denseTotal.counts.totalCycles, total.counts.totalCycles)
    self.energySaving = saving(total.energyPJ, dense: denseTotal.energyPJ)
    self.area = AreaBreakdown(config: hardware)
    self.denseBaselineArea = AreaBreakdown(config: hardware.denseBaseline)
    let seconds = total.latencyMicroseconds / 1e6
    self.sequencesPerSecondPerMM2 =
      seconds > 0 && area.totalMM2 > 0 ? Double(sequences) / seconds / area.totalMM2 : 0
    self.energyPerSequenceMicrojoules =
      sequences > 0 ? total.energyMicrojoules / Double(sequences) : 0
  }
}

/// One encoder layer summed over all sequences.
public struct LayerResult: Codable, Sendable, Equatable {
  public var layer: Int
  /// ADA-DEFT skipped this layer's MLP block (it cost nothing).
  public var mlpSkipped: Bool
  /// Per GEMM, in workload order (`qkv-projection`, …, `mlp-down`, …).
  public var gemms: [WorkResult]
  /// The same GEMMs on the dense baseline.
  public var denseGemms: [WorkResult]
  /// Softmax, LayerNorm, GELU on the vector unit.
  public var vector: WorkResult
  public var total: WorkResult
  public var denseTotal: WorkResult
  /// Densities of this layer's MLP-down input.
  public var density: DensityProfile
  public var speedup: Double
  public var energySaving: Double

  public init(
    layer: Int, mlpSkipped: Bool, gemms: [WorkResult], denseGemms: [WorkResult],
    vector: WorkResult, total: WorkResult, denseTotal: WorkResult, density: DensityProfile
  ) {
    self.layer = layer
    self.mlpSkipped = mlpSkipped
    self.gemms = gemms
    self.denseGemms = denseGemms
    self.vector = vector
    self.total = total
    self.denseTotal = denseTotal
    self.density = density
    self.speedup = ratio(denseTotal.counts.totalCycles, total.counts.totalCycles)
    self.energySaving = saving(total.energyPJ, dense: denseTotal.energyPJ)
  }
}

/// Counts, energy, latency and utilisation of one piece of work (a GEMM, a layer, a trace).
public struct WorkResult: Codable, Sendable, Equatable {
  public var name: String
  public var counts: ActionCounts
  public var energy: EnergyBreakdown
  public var energyPJ: Double
  public var latencyMicroseconds: Double
  public var energyMicrojoules: Double
  /// Computed MACs / (total cycles × PEs).
  public var utilisation: Double
  /// GEMMs only (nil for vector work, layers and totals): the DRAM loop order the memory model
  /// chose, `fold` or `m-tiled(m=…)` (docs/simulator-model.md, "Memory"); when runs of the GEMM
  /// (batches, or sequences for attention scores and context) chose differently, each order with
  /// its run count, `m-tiled(m=75) ×26, fold ×1`. Absent in results written before M-tiling.
  public var memoryOrder: String?

  public init(
    name: String, counts: ActionCounts, config: HardwareConfig, memoryOrder: String? = nil
  ) {
    self.name = name
    self.memoryOrder = memoryOrder
    self.counts = counts
    self.energy = EnergyBreakdown(counts: counts, config: config)
    self.energyPJ = energy.totalPJ
    self.latencyMicroseconds = Double(counts.totalCycles) / config.clockGHz / 1000
    self.energyMicrojoules = energyPJ / 1e6
    let capacity = Double(counts.totalCycles) * Double(config.peCount)
    self.utilisation = capacity > 0 ? Double(counts.macsComputed) / capacity : 0
  }
}

/// Densities (fractions non-zero) of a layer's MLP-down input over the trace.
public struct DensityProfile: Codable, Sendable, Equatable {
  /// Non-zero activations / activations.
  public var elementDensity: Double
  /// Non-zero blocks of `blockGranularityUnits` / blocks.
  public var blockDensity: Double
  public var blockGranularityUnits: Int
  /// Per token-tile size: units non-zero for some token of the tile / units, over all tiles.
  public var unionDensityByTile: [UnionDensity]
  /// Blocks non-zero for some token of the sequence, as a fraction of units, averaged over
  /// sequences; with ``WorkloadOptions/batchSequences`` > 1, of the batch, over batches.
  public var unionDensityPerSequence: Double

  public init(
    elementDensity: Double, blockDensity: Double, blockGranularityUnits: Int,
    unionDensityByTile: [UnionDensity], unionDensityPerSequence: Double
  ) {
    self.elementDensity = elementDensity
    self.blockDensity = blockDensity
    self.blockGranularityUnits = blockGranularityUnits
    self.unionDensityByTile = unionDensityByTile
    self.unionDensityPerSequence = unionDensityPerSequence
  }
}

/// The union density over tiles of `tileTokens` tokens.
public struct UnionDensity: Codable, Sendable, Equatable {
  public var tileTokens: Int
  public var density: Double

  public init(tileTokens: Int, density: Double) {
    self.tileTokens = tileTokens
    self.density = density
  }
}

func ratio(_ numerator: Int, _ denominator: Int) -> Double {
  denominator > 0 ? Double(numerator) / Double(denominator) : 1
}

func saving(_ energy: Double, dense: Double) -> Double {
  dense > 0 ? 1 - energy / dense : 0
}
