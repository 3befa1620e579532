import Simulator

/// The tables of a comparison report. Every format (terminal, Markdown, HTML) renders these, so a
/// number is formatted once. Units are in the column titles.
extension ComparisonReport {
  /// Decimals used by the tables (CSV and JSON keep more).
  enum Digits {
    static let density = 3
    static let latency = 1
    static let energy = 2
    static let speedup = 3
    static let percent = 1
    static let quality = 2
  }

  /// The tile size (tokens) whose union density the tables and charts show.
  public static let shownTileTokens = 16

  /// The density headline: `fraction non-zero, zero definition exact` (or per trace when they
  /// differ).
  var zeroDefinitionNote: String {
    let labels = traces.map(\.zeroDefinition)
    if Set(labels).count == 1 { return "zero definition \(labels[0])" }
    return "zero definitions "
      + traces.map { "\($0.label): \($0.zeroDefinition)" }.joined(separator: ", ")
  }

  /// Sequences per batch of the replays (``WorkloadOptions/batchSequences``; the same for every
  /// run of a report).
  public var batchSequences: Int { results.first?.workload.batchSequences ?? 1 }

  /// `batch 1`, or `batch 8 sequences`: how the replays grouped sequences.
  var batchLabel: String { batchSequences == 1 ? "batch 1" : "batch \(batchSequences) sequences" }

  /// `; batch 8 sequences` for table captions; empty at batch 1 (the default, not repeated).
  var batchCaptionNote: String { batchSequences == 1 ? "" : "; \(batchLabel)" }

  /// `PEFT vs DEFT`-style title of a pair column.
  func pairTitle(_ pair: TracePair) -> String {
    "\(traces[pair.deft].label) vs \(traces[pair.peft].label)"
  }

  /// One row per metric, one column per trace (side by side) and one per PEFT/DEFT pair.
  public func sideBySideTable() -> Table {
    let pairs = tracePairs
    var table = Table(
      caption:
        "Side by side (\(zeroDefinitionNote); latency at each config's clock\(batchCaptionNote))",
      columns: [Table.Column("config", alignment: .left), Table.Column("metric", alignment: .left)]
        + traces.map { Table.Column($0.label) } + pairs.map { Table.Column(pairTitle($0)) })
    let qualityName = traces.compactMap(\.quality?.name).first ?? "accuracy"
    table.append(
      ["all", "\(qualityName) (%)"]
        + traces.map { FixedDecimal.string($0.quality?.valuePercent, digits: Digits.quality) }
        + pairs.map { pair in
          self.pair(pair, config: 0)?.qualityChangePoints.map {
            FixedDecimal.signed($0, digits: Digits.quality) + " pt"
          } ?? "n/a"
        })
    table.append(["all", "zero definition"] + traces.map(\.zeroDefinition) + pairs.map { _ in "" })
    table.append(
      ["all", "element density (fraction non-zero)"]
        + traces.indices.map { density(run(trace: $0, config: 0).density.elementDensity) }
        + pairs.map { pair in
          FixedDecimal.string(
            self.pair(pair, config: 0)?.elementDensityRatio ?? 1, digits: Digits.speedup) + "×"
        })
    for (c, config) in hardware.enumerated() {
      func row(_ metric: String, _ value: (RunSummary) -> String, pair: (PairSummary) -> String) {
        table.append(
          [config.name, metric] + traces.indices.map { value(run(trace: $0, config: c)) }
            + pairs.map { p in self.pair(p, config: c).map(pair) ?? "" })
      }
      row(
        "cycles", { "\($0.cost.cycles)" },
        pair: { faster($0.deftOverPeftSpeedup) })
      row(
        "latency (µs @ \(FixedDecimal.trimmed(config.clockGHz)) GHz)",
        { FixedDecimal.string($0.cost.latencyMicroseconds, digits: Digits.latency) },
        pair: { _ in "" })
      row(
        "energy (µJ)", { FixedDecimal.string($0.cost.energyMicrojoules, digits: Digits.energy) },
        pair: { lessOrMore($0.deftEnergySavingOverPeft) })
      row(
        "speedup over dense (×)",
        { FixedDecimal.string($0.cost.speedupOverDense, digits: Digits.speedup) }, pair: { _ in "" }
      )
      row(
        "energy saving over dense (%)",
        { FixedDecimal.string($0.cost.energySaving * 100, digits: Digits.percent) },
        pair: { _ in "" })
      row("area (mm²)", { FixedDecimal.string($0.areaMM2, digits: 3) }, pair: { _ in "" })
      row(
        "energy per sequence (µJ)",
        { FixedDecimal.string($0.energyPerSequenceMicrojoules, digits: Digits.energy) },
        pair: { _ in "" })
      row(
        "sequences/s per mm²",
        { FixedDecimal.string($0.sequencesPerSecondPerMM2, digits: 1) }, pair: { _ in "" })
    }
    return table
  }

  /// One row per trace × config: totals, the dense baseline, speedup and saving.
  public func matrixTable() -> Table {
    var table = Table(
      caption:
        "Every trace on every hardware config (dense = the same hardware without zero handling"
        + "\(batchCaptionNote))",
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("config", alignment: .left),
        Table.Column("zero handling", alignment: .left),
      ] + Self.costColumns + [
        Table.Column("block density"), Table.Column("utilisation"), Table.Column("area (mm²)"),
        Table.Column("seq/s per mm²"), Table.Column("energy per seq (µJ)"),
      ])
    for run in runs {
      let config = hardware[run.config]
      table.append(
        [run.traceLabel, run.configName, zeroHandlingLabel(config)] + costCells(run.cost) + [
          density(run.density.blockDensity) + " (g=\(run.density.blockGranularityUnits))",
          FixedDecimal.string(run.utilisation, digits: Digits.density),
          FixedDecimal.string(run.areaMM2, digits: 3),
          FixedDecimal.string(run.sequencesPerSecondPerMM2, digits: 1),
          FixedDecimal.string(run.energyPerSequenceMicrojoules, digits: Digits.energy),
        ])
    }
    return table
  }

  /// One row per trace: where it came from and its config-independent densities.
  public func tracesTable() -> Table {
    var table = Table(
      caption: "Traces",
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("file", alignment: .left),
        Table.Column("model", alignment: .left), Table.Column("task", alignment: .left),
        Table.Column("PEFT method", alignment: .left), Table.Column("DEFT", alignment: .left),
        Table.Column("metric (%)", alignment: .left),
        Table.Column("zero definition", alignment: .left),
        Table.Column("sequences"), Table.Column("tokens"),
        Table.Column("element density"),
        Table.Column("union density t=\(Self.shownTileTokens)"),
      ])
    for (t, trace) in traces.enumerated() {
      let run = run(trace: t, config: 0)
      let h = trace.header
      table.append([
        trace.label, trace.identity.file, h.model.name, "\(h.task.name) \(h.task.split)",
        h.peft.method, h.deft.summary,
        trace.quality.map {
          "\($0.name) \(FixedDecimal.string($0.valuePercent, digits: Digits.quality))"
        } ?? "n/a",
        trace.zeroDefinition, "\(run.sequences)", "\(run.tokens)",
        density(run.density.elementDensity),
        FixedDecimal.string(
          run.density.unionDensity(tileTokens: Self.shownTileTokens), digits: Digits.density),
      ])
    }
    return table
  }

  /// One row per hardware config: the parameters that matter most (the rest is in the JSON).
  public func hardwareTable() -> Table {
    var table = Table(
      caption: "Hardware configs",
      columns: [
        Table.Column("config", alignment: .left), Table.Column("PE array", alignment: .left),
        Table.Column("clock (GHz)"), Table.Column("precision", alignment: .left),
        Table.Column("zero handling", alignment: .left),
        Table.Column("activation format", alignment: .left), Table.Column("SRAM (KiB)"),
        Table.Column("DRAM (bytes/cycle)"), Table.Column("mapping", alignment: .left),
        Table.Column("area (mm²)"),
      ])
    for config in hardware {
      table.append([
        config.name,
        "\(config.peArray.rows)×\(config.peArray.columns) \(config.peArray.dataflow.rawValue)",
        FixedDecimal.trimmed(config.clockGHz), config.operandPrecision.rawValue,
        zeroHandlingLabel(config),
        config.activationFormat.kind.rawValue, "\(config.sram.totalBytes / 1024)",
        FixedDecimal.trimmed(config.dramBytesPerCycle), config.mapping.model.rawValue,
        FixedDecimal.string(AreaBreakdown(config: config).totalMM2, digits: 3),
      ])
    }
    return table
  }

  /// One row per trace × config × layer.
  public func layerTable() -> Table {
    var table = Table(
      caption: "Per layer (MLP-down input densities; cycles and energy of the whole layer)",
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("config", alignment: .left),
        Table.Column("layer"), Table.Column("element density"), Table.Column("block density"),
        Table.Column("g (units)"), Table.Column("union density t=\(Self.shownTileTokens)"),
      ] + Self.costColumns)
    for run in runs {
      for layer in run.layers {
        table.append(
          [
            run.traceLabel, run.configName,
            "\(layer.layer)" + (layer.mlpSkipped ? " (skipped)" : ""),
            density(layer.density.elementDensity), density(layer.density.blockDensity),
            "\(layer.density.blockGranularityUnits)",
            FixedDecimal.string(
              layer.density.unionDensity(tileTokens: Self.shownTileTokens), digits: Digits.density),
          ] + costCells(layer.cost))
      }
    }
    return table
  }

  /// The columns of a ``CostSummary``, shared by the matrix and the per-layer table.
  static let costColumns = [
    Table.Column("cycles"), Table.Column("dense cycles"), Table.Column("latency (µs)"),
    Table.Column("dense latency (µs)"), Table.Column("energy (µJ)"),
    Table.Column("dense energy (µJ)"), Table.Column("speedup over dense (×)"),
    Table.Column("energy saving (%)"),
  ]

  private func costCells(_ c: CostSummary) -> [String] {
    [
      "\(c.cycles)", "\(c.denseCycles)",
      FixedDecimal.string(c.latencyMicroseconds, digits: Digits.latency),
      FixedDecimal.string(c.denseLatencyMicroseconds, digits: Digits.latency),
      FixedDecimal.string(c.energyMicrojoules, digits: Digits.energy),
      FixedDecimal.string(c.denseEnergyMicrojoules, digits: Digits.energy),
      FixedDecimal.string(c.speedupOverDense, digits: Digits.speedup),
      FixedDecimal.string(c.energySaving * 100, digits: Digits.percent),
    ]
  }

  private func density(_ value: Double) -> String {
    FixedDecimal.string(value, digits: Digits.density)
  }

  /// `1.017× faster`, or `0.980× (slower)`.
  private func faster(_ speedup: Double) -> String {
    let text = FixedDecimal.string(speedup, digits: Digits.speedup) + "×"
    return text + (speedup >= 1 ? " faster" : " (slower)")
  }

  private func lessOrMore(_ saving: Double) -> String {
    let text = FixedDecimal.string(abs(saving) * 100, digits: Digits.percent)
    return saving >= 0 ? "\(text) % less" : "\(text) % more"
  }
}

/// `skip g=4`, `skip g=1 D=16 compact`, `gate`, `none`.
func zeroHandlingLabel(_ config: HardwareConfig) -> String {
  let z = config.zeroHandling
  guard z.mode == .skip else { return z.mode.rawValue }
  let slots = config.peArray.weightsPerPE
  return "skip g=\(z.granularityUnits)" + (slots > 1 ? " D=\(slots)" : "")
    + (z.foldCompaction ? " compact" : "")
}
