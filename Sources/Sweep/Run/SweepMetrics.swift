import Simulator
import TraceFormat

/// The figures of one point on one trace. Derived from the replay's action counts and the
/// point's config only, so points that share a replay (``ReplayClass``) get exactly the figures
/// a replay of their own would give.
public struct SweepMetrics: Codable, Sendable, Equatable {
  public var cycles: Int
  public var denseCycles: Int
  public var latencyMicroseconds: Double
  public var energyMicrojoules: Double
  public var energyPerSequenceMicrojoules: Double
  public var areaMM2: Double
  public var speedup: Double
  public var energySaving: Double
  public var sequencesPerSecondPerMM2: Double
  public var utilisation: Double

  public init(
    total: ActionCounts, dense: ActionCounts, config: HardwareConfig, options: WorkloadOptions,
    header: TraceHeader, sequences: Int, tokens: Int
  ) {
    let result = SimulationResult(
      traceHeader: header, hardware: config, workload: options, sequences: sequences,
      tokens: tokens, layers: [], total: WorkResult(name: "total", counts: total, config: config),
      denseTotal: WorkResult(name: "total", counts: dense, config: config.denseBaseline))
    self.init(result)
  }

  /// The figures of a full replay result.
  public init(_ result: SimulationResult) {
    cycles = result.total.counts.totalCycles
    denseCycles = result.denseTotal.counts.totalCycles
    latencyMicroseconds = result.total.latencyMicroseconds
    energyMicrojoules = result.total.energyMicrojoules
    energyPerSequenceMicrojoules = result.energyPerSequenceMicrojoules
    areaMM2 = result.area.totalMM2
    speedup = result.speedup
    energySaving = result.energySaving
    sequencesPerSecondPerMM2 = result.sequencesPerSecondPerMM2
    utilisation = result.total.utilisation
  }

  public func value(_ metric: SweepMetric) -> Double {
    switch metric {
    case .cycles: return Double(cycles)
    case .latencyMicroseconds: return latencyMicroseconds
    case .energyMicrojoules: return energyMicrojoules
    case .energyPerSequenceMicrojoules: return energyPerSequenceMicrojoules
    case .areaMM2: return areaMM2
    case .speedup: return speedup
    case .energySaving: return energySaving
    case .sequencesPerSecondPerMM2: return sequencesPerSecondPerMM2
    case .utilisation: return utilisation
    }
  }
}
