import Simulator

/// A named quantity of a breakdown (cycles per GEMM group, energy per component).
public struct ComponentValue: Codable, Sendable, Equatable {
  public var name: String
  public var value: Double

  public init(name: String, value: Double) {
    self.name = name
    self.value = value
  }
}

/// The figures of one trace on one hardware config, as every report format shows them.
/// Derived once from a ``SimulationResult``; renderers only format these stored values.
public struct RunSummary: Codable, Sendable, Equatable {
  /// Index into the report's traces and hardware configs.
  public var trace: Int
  public var config: Int
  public var traceLabel: String
  public var configName: String
  public var sequences: Int
  public var tokens: Int
  /// Mean of the per-layer densities (every layer has the same number of activations; layers
  /// ADA-DEFT skips count as all zero).
  public var density: DensityProfile
  /// The whole trace: all layers of all sequences.
  public var cost: CostSummary
  /// Computed MACs / (cycles × PEs).
  public var utilisation: Double
  /// The config's area (mm²), sequences per second per mm² and energy per sequence (µJ).
  public var areaMM2: Double
  public var sequencesPerSecondPerMM2: Double
  public var energyPerSequenceMicrojoules: Double
  public var layers: [LayerSummary]

  public init(trace: Int, config: Int, traceLabel: String, result: SimulationResult) {
    self.trace = trace
    self.config = config
    self.traceLabel = traceLabel
    self.configName = result.hardware.name
    self.sequences = result.sequences
    self.tokens = result.tokens
    self.layers = result.layers.map(LayerSummary.init)
    self.density = DensityProfile.mean(layers.map(\.density))
    self.cost = CostSummary(
      result.total, dense: result.denseTotal, speedup: result.speedup,
      energySaving: result.energySaving)
    self.utilisation = result.total.utilisation
    self.areaMM2 = result.area.totalMM2
    self.sequencesPerSecondPerMM2 = result.sequencesPerSecondPerMM2
    self.energyPerSequenceMicrojoules = result.energyPerSequenceMicrojoules
  }
}

/// Cycles, latency and energy of some work (a trace, a layer) on a config and on its dense
/// baseline.
public struct CostSummary: Codable, Sendable, Equatable {
  public var cycles: Int
  public var denseCycles: Int
  /// At the config's clock.
  public var latencyMicroseconds: Double
  public var denseLatencyMicroseconds: Double
  public var energyMicrojoules: Double
  public var denseEnergyMicrojoules: Double
  /// Dense cycles / cycles.
  public var speedupOverDense: Double
  /// 1 − energy / dense energy (negative: costs more than dense).
  public var energySaving: Double

  init(_ work: WorkResult, dense: WorkResult, speedup: Double, energySaving: Double) {
    self.cycles = work.counts.totalCycles
    self.denseCycles = dense.counts.totalCycles
    self.latencyMicroseconds = work.latencyMicroseconds
    self.denseLatencyMicroseconds = dense.latencyMicroseconds
    self.energyMicrojoules = work.energyMicrojoules
    self.denseEnergyMicrojoules = dense.energyMicrojoules
    self.speedupOverDense = speedup
    self.energySaving = energySaving
  }
}

/// One encoder layer of a ``RunSummary``, with the breakdowns the charts stack.
public struct LayerSummary: Codable, Sendable, Equatable {
  public var layer: Int
  public var mlpSkipped: Bool
  public var density: DensityProfile
  public var cost: CostSummary
  /// Cycles per GEMM group (``CostComponents/cycleGroups``); they sum to `cost.cycles`.
  public var cyclesByComponent: [ComponentValue]
  public var denseCyclesByComponent: [ComponentValue]
  /// Energy in pJ per component (``CostComponents/energyComponents``); they sum to the total.
  public var energyPJByComponent: [ComponentValue]
  public var denseEnergyPJByComponent: [ComponentValue]

  public init(_ layer: LayerResult) {
    self.layer = layer.layer
    self.mlpSkipped = layer.mlpSkipped
    self.density = layer.density
    self.cost = CostSummary(
      layer.total, dense: layer.denseTotal, speedup: layer.speedup,
      energySaving: layer.energySaving)
    self.cyclesByComponent = CostComponents.cycles(gemms: layer.gemms, total: layer.total)
    self.denseCyclesByComponent = CostComponents.cycles(
      gemms: layer.denseGemms, total: layer.denseTotal)
    self.energyPJByComponent = CostComponents.energy(layer.total.energy)
    self.denseEnergyPJByComponent = CostComponents.energy(layer.denseTotal.energy)
  }
}

extension DensityProfile {
  /// The element-wise mean of equally weighted profiles (all layers of a trace).
  static func mean(_ profiles: [DensityProfile]) -> DensityProfile {
    guard let first = profiles.first else {
      return DensityProfile(
        elementDensity: 0, blockDensity: 0, blockGranularityUnits: 1, unionDensityByTile: [],
        unionDensityPerSequence: 0)
    }
    let n = Double(profiles.count)
    func average(_ value: (DensityProfile) -> Double) -> Double {
      profiles.map(value).reduce(0, +) / n
    }
    return DensityProfile(
      elementDensity: average(\.elementDensity), blockDensity: average(\.blockDensity),
      blockGranularityUnits: first.blockGranularityUnits,
      unionDensityByTile: first.unionDensityByTile.indices.map { i in
        UnionDensity(
          tileTokens: first.unionDensityByTile[i].tileTokens,
          density: average { $0.unionDensityByTile[i].density })
      },
      unionDensityPerSequence: average(\.unionDensityPerSequence))
  }

  /// The union density over tiles of `tileTokens` tokens, if measured.
  public func unionDensity(tileTokens: Int) -> Double? {
    unionDensityByTile.first { $0.tileTokens == tileTokens }?.density
  }
}
