import Simulator

/// A skip config against the dense config of the same area (its equal-area twin, replayed on the
/// same trace): how architects compare designs (docs/reports.md).
public struct EqualAreaSummary: Codable, Sendable, Equatable {
  public var trace: Int
  public var traceLabel: String
  public var skipConfig: String
  public var skipArray: String
  public var skipAreaMM2: Double
  public var twinConfig: String
  public var twinArray: String
  public var twinAreaMM2: Double
  public var skipLatencyMicroseconds: Double
  public var twinLatencyMicroseconds: Double
  /// Twin cycles converted to time / skip time: > 1 when skipping wins at equal area.
  public var speedupOverTwin: Double
  public var skipSequencesPerSecondPerMM2: Double
  public var twinSequencesPerSecondPerMM2: Double
  public var skipEnergyPerSequenceMicrojoules: Double
  public var twinEnergyPerSequenceMicrojoules: Double

  init(trace: Int, traceLabel: String, skip: SimulationResult, twin: SimulationResult) {
    func array(_ c: HardwareConfig) -> String {
      "\(c.peArray.rows)×\(c.peArray.columns)"
        + (c.peArray.weightsPerPE > 1 ? " D=\(c.peArray.weightsPerPE)" : "")
    }
    self.trace = trace
    self.traceLabel = traceLabel
    skipConfig = skip.hardware.name
    skipArray = array(skip.hardware)
    skipAreaMM2 = skip.area.totalMM2
    twinConfig = twin.hardware.name
    twinArray = array(twin.hardware)
    twinAreaMM2 = twin.area.totalMM2
    skipLatencyMicroseconds = skip.total.latencyMicroseconds
    twinLatencyMicroseconds = twin.total.latencyMicroseconds
    speedupOverTwin =
      skipLatencyMicroseconds > 0 ? twinLatencyMicroseconds / skipLatencyMicroseconds : 1
    skipSequencesPerSecondPerMM2 = skip.sequencesPerSecondPerMM2
    twinSequencesPerSecondPerMM2 = twin.sequencesPerSecondPerMM2
    skipEnergyPerSequenceMicrojoules = skip.energyPerSequenceMicrojoules
    twinEnergyPerSequenceMicrojoules = twin.energyPerSequenceMicrojoules
  }
}

extension ComparisonReport {
  /// One row per trace × skip config: the skip config and its equal-area dense twin.
  public func equalAreaTable() -> Table {
    var table = Table(
      caption:
        "Equal area: each skip config against the dense config of the same area (its PE array "
        + "grown into the area of the skip logic and weight slots)\(batchCaptionNote)",
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("skip config", alignment: .left),
        Table.Column("array", alignment: .left), Table.Column("area (mm²)"),
        Table.Column("dense twin array", alignment: .left), Table.Column("twin area (mm²)"),
        Table.Column("latency (µs)"), Table.Column("twin latency (µs)"),
        Table.Column("speedup over twin (×)"), Table.Column("seq/s per mm²"),
        Table.Column("twin seq/s per mm²"), Table.Column("energy per seq (µJ)"),
        Table.Column("twin energy per seq (µJ)"),
      ])
    for row in equalArea {
      table.append([
        row.traceLabel, row.skipConfig, row.skipArray,
        FixedDecimal.string(row.skipAreaMM2, digits: 3), row.twinArray,
        FixedDecimal.string(row.twinAreaMM2, digits: 3),
        FixedDecimal.string(row.skipLatencyMicroseconds, digits: Digits.latency),
        FixedDecimal.string(row.twinLatencyMicroseconds, digits: Digits.latency),
        FixedDecimal.string(row.speedupOverTwin, digits: Digits.speedup),
        FixedDecimal.string(row.skipSequencesPerSecondPerMM2, digits: 1),
        FixedDecimal.string(row.twinSequencesPerSecondPerMM2, digits: 1),
        FixedDecimal.string(row.skipEnergyPerSequenceMicrojoules, digits: Digits.energy),
        FixedDecimal.string(row.twinEnergyPerSequenceMicrojoules, digits: Digits.energy),
      ])
    }
    return table
  }
}
