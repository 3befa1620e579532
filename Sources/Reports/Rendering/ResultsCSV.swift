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
    func d6(_ value: Double) -> String { FixedDecimal.string(value, digits: 6) }
    for run in report.runs {
      let trace = report.traces[run.trace]
      let config = report.hardware[run.config]
      let pairSpeedup = report.pairs.first { $0.deft == run.trace && $0.config == run.config }
      let common = [
        trace.label, trace.identity.file, roles[run.trace], run.configName,
      ]
      let context = [
        trace.zeroDefinition, trace.quality?.name ?? "",
        trace.quality.map { FixedDecimal.string($0.valuePercent, digits: 4) } ?? "",
        "\(run.sequences)", "\(run.tokens)",
      ]
      func densities(_ p: DensityProfile) -> [String] {
        [d6(p.elementDensity), d6(p.blockDensity), "\(p.blockGranularityUnits)"]
          + p.unionDensityByTile.map { d6($0.density) } + [d6(p.unionDensityPerSequence)]
      }
      for layer in run.layers {
        writer.append(
          common + ["layer", "\(layer.layer)", layer.mlpSkipped ? "true" : "false"] + context
            + densities(layer.density)
            + [
              "\(layer.cycles)", "\(layer.denseCycles)",
              FixedDecimal.string(layer.latencyMicroseconds, digits: 4),
              FixedDecimal.string(layer.denseLatencyMicroseconds, digits: 4),
              d6(layer.energyMicrojoules), d6(layer.denseEnergyMicrojoules),
              d6(layer.speedupOverDense), d6(layer.energySaving), "",
              FixedDecimal.trimmed(config.clockGHz, maxDigits: 6),
            ])
      }
      writer.append(
        common + ["total", "", ""] + context + densities(run.density)
          + [
            "\(run.cycles)", "\(run.denseCycles)",
            FixedDecimal.string(run.latencyMicroseconds, digits: 4),
            FixedDecimal.string(run.denseLatencyMicroseconds, digits: 4),
            d6(run.energyMicrojoules), d6(run.denseEnergyMicrojoules), d6(run.speedupOverDense),
            d6(run.energySaving), pairSpeedup.map { d6($0.deftOverPeftSpeedup) } ?? "",
            FixedDecimal.trimmed(config.clockGHz, maxDigits: 6),
          ])
    }
    return writer.text
  }
}
