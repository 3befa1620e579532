import Simulator

/// The per-phase table of a version-2 replay (docs/simulator-model.md, "Version-2 workloads"):
/// encoder, prefill and decode with latency per run (prefill latency per batch, decode latency
/// per token), tokens per second, energy per token and each one's speedup over dense.
public enum PhaseTable {
  static let columns = [
    "sequences", "tokens", "runs", "latency/run us", "dense latency/run us", "speedup",
    "tokens/s", "dense tokens/s", "energy/token uJ", "dense energy/token uJ", "energy saving",
  ]

  /// One row per phase of `result` (empty when the result has no phases: version 1).
  public static func phases(_ result: SimulationResult) -> Table {
    var table = Table(
      columns: [Table.Column("phase", alignment: .left)] + columns.map { Table.Column($0) })
    for phase in result.phases ?? [] { table.append(row(phase.phase, phase)) }
    return table
  }

  /// One row per trace × config × phase (compare of version-2 traces).
  public static func matrix(labels: [String], results: [[SimulationResult]]) -> Table {
    var table = Table(
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("hardware", alignment: .left),
        Table.Column("phase", alignment: .left),
      ] + columns.map { Table.Column($0) })
    for (label, traceResults) in zip(labels, results) {
      for result in traceResults {
        for phase in result.phases ?? [] {
          table.append([label, result.hardware.name] + row(phase.phase, phase))
        }
      }
    }
    return table
  }

  static func row(_ scope: String, _ phase: PhaseResult) -> [String] {
    [
      scope, "\(phase.sequences)", "\(phase.tokens)", "\(phase.runs)",
      ReplayTable.fixed(phase.latencyPerRunMicroseconds, 1),
      ReplayTable.fixed(phase.denseLatencyPerRunMicroseconds, 1),
      ReplayTable.fixed(phase.speedup), ReplayTable.fixed(phase.tokensPerSecond, 1),
      ReplayTable.fixed(phase.denseTokensPerSecond, 1),
      ReplayTable.fixed(phase.energyPerTokenMicrojoules, 3),
      ReplayTable.fixed(phase.denseEnergyPerTokenMicrojoules, 3),
      ReplayTable.fixed(phase.energySaving * 100, 1) + "%",
    ]
  }
}
