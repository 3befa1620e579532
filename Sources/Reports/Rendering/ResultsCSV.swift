import Simulator

/// `results.csv`: one row per trace × config × layer plus one `total` row per trace × config,
/// snake_case columns with units in the names, for pandas (`pd.read_csv`). Numbers carry more
/// decimals than the tables (densities and ratios 6, latency 4, energy 6).
public enum ResultsCSV {
  public static func render(_ report: ComparisonReport) -> String {
    let tiles = report.runs.first?.density.unionDensityByTile.map(\.tileTokens) ?? []
    var writer = CSVWriter(
      header: [
        "trace", "trace_file", "role", "config", "scope", "layer", "mlp_skipped",
        "zero_definition", "quality_metric", "quality_percent", "sequences", "tokens",
        "element_density", "block_density", "block_granularity_units",
      ] + tiles.map { "union_density_t\($0)" }
        + [
          "union_density_sequence", "cycles", "dense_cycles", "latency_us", "dense_latency_us",
          "energy_uj", "dense_energy_uj", "speedup_over_dense", "energy_saving",
          "deft_over_peft_speedup", "clock_ghz",
        ])
    var roles = [String](repeating: "", count: report.traces.count)
    for pair in report.tracePairs {
      roles[pair.peft] = "peft"
      roles[pair.deft] = "deft"
    }
    for run in report.runs {
      let trace = report.traces[run.trace]
      let clock = FixedDecimal.trimmed(report.hardware[run.config].clockGHz, maxDigits: 6)
      let pair = report.pairs.first { $0.deft == run.trace && $0.config == run.config }
      let identity = [trace.label, trace.identity.file, roles[run.trace], run.configName]
      let context = [
        trace.zeroDefinition, trace.quality?.name ?? "",
        trace.quality.map { FixedDecimal.string($0.valuePercent, digits: 4) } ?? "",
        "\(run.sequences)", "\(run.tokens)",
      ]
      for layer in run.layers {
        writer.append(
          identity + ["layer", "\(layer.layer)", layer.mlpSkipped ? "true" : "false"] + context
            + densities(layer.density) + costs(layer.cost) + ["", clock])
      }
      writer.append(
        identity + ["total", "", ""] + context + densities(run.density) + costs(run.cost)
          + [pair.map { d6($0.deftOverPeftSpeedup) } ?? "", clock])
    }
    return writer.text
  }

  private static func d6(_ value: Double) -> String { FixedDecimal.string(value, digits: 6) }

  private static func densities(_ p: DensityProfile) -> [String] {
    [d6(p.elementDensity), d6(p.blockDensity), "\(p.blockGranularityUnits)"]
      + p.unionDensityByTile.map { d6($0.density) } + [d6(p.unionDensityPerSequence)]
  }

  private static func costs(_ c: CostSummary) -> [String] {
    [
      "\(c.cycles)", "\(c.denseCycles)", FixedDecimal.string(c.latencyMicroseconds, digits: 4),
      FixedDecimal.string(c.denseLatencyMicroseconds, digits: 4), d6(c.energyMicrojoules),
      d6(c.denseEnergyMicrojoules), d6(c.speedupOverDense), d6(c.energySaving),
    ]
  }
}
