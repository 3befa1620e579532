import Simulator

/// The tables of `deft-sim replay` and `deft-sim compare`, for any renderer (terminal text, CSV).
public enum ReplayTable {
  static let columns = [
    "cycles", "dense cycles", "speedup", "latency us", "energy uJ", "dense energy uJ",
    "energy saving", "MACs computed", "MACs skipped", "MACs gated", "DRAM bytes", "utilisation",
    "element density", "block density", "union density (seq)",
  ]

  /// The totals row of `result`; with `perLayer`, first a row per layer followed by a row per
  /// GEMM of the layer, and a last column with each GEMM's DRAM loop order (`fold`,
  /// `m-tiled(m=…)`).
  public static func replay(_ result: SimulationResult, perLayer: Bool) -> Table {
    var table = Table(
      columns: [Table.Column("scope", alignment: .left)] + columns.map { Table.Column($0) }
        + (perLayer ? [Table.Column("memory order", alignment: .left)] : []))
    let total = row(
      "total", result.total, dense: result.denseTotal, speedup: result.speedup,
      saving: result.energySaving, density: nil)
    guard perLayer else {
      table.append(total)
      return table
    }
    for layer in result.layers {
      table.append(
        row(
          "layer \(layer.layer)" + (layer.mlpSkipped ? " (MLP skipped)" : ""), layer.total,
          dense: layer.denseTotal, speedup: layer.speedup, saving: layer.energySaving,
          density: layer.mlpSkipped ? nil : layer.density) + [""])
      for (gemm, dense) in zip(layer.gemms, layer.denseGemms) {
        let cycles = gemm.counts.totalCycles
        table.append(
          row(
            "layer \(layer.layer) \(gemm.name)", gemm, dense: dense,
            speedup: cycles > 0 ? Double(dense.counts.totalCycles) / Double(cycles) : 1,
            saving: dense.energyPJ > 0 ? 1 - gemm.energyPJ / dense.energyPJ : 0, density: nil)
            + [gemm.memoryOrder ?? ""])
      }
    }
    table.append(total + [""])
    return table
  }

  /// One row per trace × config: latency, dense latency, speedup, energy, energy saving, area,
  /// sequences per second per mm² and energy per sequence.
  /// `labels[t]` names trace `t` of `results[t][c]`.
  public static func matrix(labels: [String], results: [[SimulationResult]]) -> Table {
    var table = Table(
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("hardware", alignment: .left),
        Table.Column("latency us"), Table.Column("dense latency us"), Table.Column("speedup"),
        Table.Column("energy uJ"), Table.Column("energy saving"), Table.Column("area mm2"),
        Table.Column("seq/s per mm2"), Table.Column("energy per seq uJ"),
      ])
    for (label, traceResults) in zip(labels, results) {
      for result in traceResults {
        table.append([
          label, result.hardware.name, fixed(result.total.latencyMicroseconds, 1),
          fixed(result.denseTotal.latencyMicroseconds, 1), fixed(result.speedup),
          fixed(result.total.energyMicrojoules, 2), fixed(result.energySaving * 100, 1) + "%",
          fixed(result.area.totalMM2, 3), fixed(result.sequencesPerSecondPerMM2, 1),
          fixed(result.energyPerSequenceMicrojoules, 2),
        ])
      }
    }
    return table
  }

  static func fixed(_ value: Double, _ digits: Int = 3) -> String {
    FixedDecimal.string(value, digits: digits)
  }

  static func row(
    _ scope: String, _ work: WorkResult, dense: WorkResult, speedup: Double, saving: Double,
    density: DensityProfile?
  ) -> [String] {
    let c = work.counts
    return [
      scope, "\(c.totalCycles)", "\(dense.counts.totalCycles)", fixed(speedup),
      fixed(work.latencyMicroseconds, 1), fixed(work.energyMicrojoules, 2),
      fixed(dense.energyMicrojoules, 2), fixed(saving * 100, 1) + "%", "\(c.macsComputed)",
      "\(c.macsSkipped)", "\(c.macsGated)", "\(c.dramReadBytes + c.dramWriteBytes)",
      fixed(work.utilisation), density.map { fixed($0.elementDensity) } ?? "",
      density.map { fixed($0.blockDensity) } ?? "",
      density.map { fixed($0.unionDensityPerSequence) } ?? "",
    ]
  }
}
