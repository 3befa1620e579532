import Simulator

/// `results.csv`: one row per trace × config × layer plus one `total` row per trace × config,
/// snake_case columns with units in the names, for pandas (`pd.read_csv`). Numbers carry more
/// decimals than the tables (densities and ratios 6, latency 4, energy 6).
///
/// A report with a version-2 trace adds a `phase` column (after `scope`), one `phase` row per
/// trace × config × phase (encoder, prefill, decode; after the run's `total` row) and the
/// per-phase columns at the end (``phaseColumns``); a report of version-1 traces only has
/// neither, so its bytes are those of a deft-sim without phases.
public enum ResultsCSV {
  /// The columns only a report with phases has, after `clock_ghz`; empty on other rows.
  static let phaseColumns = [
    "runs", "latency_per_run_us", "dense_latency_per_run_us", "tokens_per_s",
    "dense_tokens_per_s", "energy_per_token_uj", "dense_energy_per_token_uj",
  ]

  public static func render(_ report: ComparisonReport) -> String {
    let tiles = report.runs.first?.density.unionDensityByTile.map(\.tileTokens) ?? []
    let withPhases = report.hasPhases
    var writer = CSVWriter(
      header: ["trace", "trace_file", "role", "config", "scope"] + (withPhases ? ["phase"] : [])
        + [
          "layer", "mlp_skipped", "zero_definition", "quality_metric", "quality_percent",
          "sequences", "tokens", "element_density", "block_density", "block_granularity_units",
        ] + tiles.map { "union_density_t\($0)" }
        + [
          "union_density_sequence", "cycles", "dense_cycles", "latency_us", "dense_latency_us",
          "energy_uj", "dense_energy_uj", "speedup_over_dense", "energy_saving",
          "deft_over_peft_speedup", "clock_ghz",
        ] + (withPhases ? phaseColumns : []))
    let noPhase = withPhases ? [""] : []
    let noPhaseFigures = withPhases ? [String](repeating: "", count: phaseColumns.count) : []
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
      let quality = [
        trace.zeroDefinition, trace.quality?.name ?? "",
        trace.quality.map { FixedDecimal.string($0.valuePercent, digits: 4) } ?? "",
      ]
      let context = quality + ["\(run.sequences)", "\(run.tokens)"]
      for layer in run.layers {
        writer.append(
          identity + ["layer"] + noPhase + ["\(layer.layer)", layer.mlpSkipped ? "true" : "false"]
            + context + densities(layer.density) + costs(layer.cost) + ["", clock]
            + noPhaseFigures)
      }
      writer.append(
        identity + ["total"] + noPhase + ["", ""] + context + densities(run.density)
          + costs(run.cost) + [pair.map { d6($0.deftOverPeftSpeedup) } ?? "", clock]
          + noPhaseFigures)
      let phases = report.results[run.trace * report.hardware.count + run.config].phases ?? []
      let peftPhases = pair.flatMap {
        report.results[$0.peft * report.hardware.count + $0.config].phases
      }
      let blankDensities = [String](repeating: "", count: 4 + tiles.count)
      for phase in phases {
        let peft = peftPhases?.first { $0.phase == phase.phase }
        writer.append(
          identity + ["phase", phase.phase, "", ""] + quality
            + ["\(phase.sequences)", "\(phase.tokens)"] + blankDensities + costs(phase)
            + [peft.map { d6(ratio($0.total.counts.totalCycles, phase)) } ?? "", clock]
            + figures(phase))
      }
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

  /// A phase's cost columns, formatted as a run's.
  private static func costs(_ p: PhaseResult) -> [String] {
    [
      "\(p.total.counts.totalCycles)", "\(p.denseTotal.counts.totalCycles)",
      FixedDecimal.string(p.total.latencyMicroseconds, digits: 4),
      FixedDecimal.string(p.denseTotal.latencyMicroseconds, digits: 4),
      d6(p.total.energyMicrojoules), d6(p.denseTotal.energyMicrojoules), d6(p.speedup),
      d6(p.energySaving),
    ]
  }

  /// The ``phaseColumns`` of a phase row.
  private static func figures(_ p: PhaseResult) -> [String] {
    [
      "\(p.runs)", FixedDecimal.string(p.latencyPerRunMicroseconds, digits: 4),
      FixedDecimal.string(p.denseLatencyPerRunMicroseconds, digits: 4),
      FixedDecimal.string(p.tokensPerSecond, digits: 4),
      FixedDecimal.string(p.denseTokensPerSecond, digits: 4),
      d6(p.energyPerTokenMicrojoules), d6(p.denseEnergyPerTokenMicrojoules),
    ]
  }

  /// PEFT cycles / DEFT cycles of one phase (1 when the DEFT phase has no cycles).
  private static func ratio(_ peftCycles: Int, _ deft: PhaseResult) -> Double {
    let cycles = deft.total.counts.totalCycles
    return cycles > 0 ? Double(peftCycles) / Double(cycles) : 1
  }
}
