import Simulator

/// A chart with its heading and a sentence saying what it shows (rendered as one HTML section).
public struct ChartSection: Sendable {
  public var identifier: String
  public var heading: String
  public var explanation: String
  public var figure: Figure
}

/// The charts of a comparison report, built from the same stored numbers as the tables.
extension ComparisonReport {
  /// Every chart, in page order: density, speedup and saving, accuracy vs density, speedup vs
  /// density, then per-layer cycles and energy for each hardware config.
  public func chartSections() -> [ChartSection] {
    [densityChart(), speedupChart(), qualityChart(), speedupVersusDensityChart()]
      + (decodeBatchChart().map { [$0] } ?? []) + hardware.indices.map(layerCostChart)
  }

  private func traceColour(_ t: Int) -> String { Palette.colour(t) }

  private var layerCategories: [String] {
    let layers = runs.map(\.layers.count).max() ?? 0
    return (0..<layers).map(String.init)
  }

  private func perLayer(_ run: RunSummary, _ value: (LayerSummary) -> Double) -> [Double] {
    layerCategories.indices.map { $0 < run.layers.count ? value(run.layers[$0]) : 0 }
  }

  private var traceLegend: [LegendEntry] {
    traces.enumerated().map { LegendEntry(name: $1.label, colour: traceColour($0)) }
  }

  func densityChart() -> ChartSection {
    // Block density depends on the skip granularity: take the config with the coarsest blocks.
    let blockConfig =
      hardware.indices.max {
        hardware[$0].zeroHandling.granularityUnits < hardware[$1].zeroHandling.granularityUnits
      } ?? 0
    let g = run(trace: 0, config: blockConfig).density.blockGranularityUnits
    let t = Self.shownTileTokens
    func panel(_ title: String, config: Int, _ value: @escaping (LayerSummary) -> Double)
      -> BarChart
    {
      BarChart(
        title: title, categories: layerCategories, slots: traces.map(\.label),
        series: traces.indices.map { i in
          BarChart.Series(
            name: traces[i].label, colour: traceColour(i), slot: i,
            values: perLayer(run(trace: i, config: config), value))
        }, xTitle: "encoder layer", yTitle: "density (fraction non-zero)", yCovers: [0, 1],
        showsLegend: false)
    }
    let figure = Figure(
      identifier: "chart-density",
      title: "Per-layer MLP-down input density: " + traces.map(\.label).joined(separator: " vs "),
      subtitle: "Fraction of the MLP-down input activations (after GELU) that are non-zero, "
        + "\(zeroDefinitionNote). Block: blocks of g = \(g) units of a token "
        + "(the skip granularity of \(hardware[blockConfig].name)). Tile union: units non-zero "
        + "for some token of a tile of \(t) tokens (weight rows that must be fetched).",
      legend: traceLegend,
      panels: [
        panel("per element", config: 0) { $0.density.elementDensity },
        panel("per block, g = \(g)", config: blockConfig) { $0.density.blockDensity },
        panel("tile union, t = \(t) tokens", config: 0) {
          $0.density.unionDensity(tileTokens: t) ?? 0
        },
      ], panelWidth: 316, panelHeight: 300)
    return ChartSection(
      identifier: figure.identifier, heading: "Density per layer",
      explanation: "Lower is better for a sparse accelerator: element density bounds the MACs, "
        + "block density what a block-skipping unit can skip, tile-union density the weight traffic.",
      figure: figure)
  }

  func speedupChart() -> ChartSection {
    let names = hardware.map(\.name)
    func perConfig(_ value: (RunSummary) -> Double) -> [BarChart.Series] {
      traces.indices.map { t in
        BarChart.Series(
          name: traces[t].label, colour: traceColour(t), slot: t,
          values: hardware.indices.map { value(run(trace: t, config: $0)) })
      }
    }
    let slots = traces.map(\.label)
    var panels: [any ChartPanel] = [
      BarChart(
        title: "speedup over dense (dense cycles ÷ cycles)", categories: names, slots: slots,
        series: perConfig(\.cost.speedupOverDense), xTitle: "hardware config",
        yTitle: "speedup (×)", totalLabels: (Digits.speedup, "×"),
        reference: .init(value: 1, label: "dense = 1×"), base: 1, showsLegend: false),
      BarChart(
        title: "energy saving over dense (1 − energy ÷ dense energy)", categories: names,
        slots: slots, series: perConfig { $0.cost.energySaving * 100 }, xTitle: "hardware config",
        yTitle: "energy saving (%)", totalLabels: (Digits.percent, " %"), showsLegend: false),
    ]
    let pairs = tracePairs
    if !pairs.isEmpty {
      panels.append(
        BarChart(
          title: "DEFT over PEFT (PEFT cycles ÷ DEFT cycles)", categories: names,
          slots: pairs.map(pairTitle),
          series: pairs.enumerated().map { i, pair in
            BarChart.Series(
              name: pairTitle(pair), colour: Palette.colour(traces.count + i), slot: i,
              values: hardware.indices.map { self.pair(pair, config: $0)?.deftOverPeftSpeedup ?? 1 }
            )
          }, xTitle: "hardware config", yTitle: "speedup (×)", totalLabels: (Digits.speedup, "×"),
          reference: .init(value: 1, label: "no change = 1×"), base: 1, showsLegend: true))
    }
    let figure = Figure(
      identifier: "chart-speedup", title: "Speedup and energy saving per hardware config",
      subtitle:
        "Whole trace (all layers, all sequences, \(batchLabel)). Dense = the same hardware with "
        + "zero handling none and dense activations. \(zeroDefinitionNote.capitalisedFirst).",
      legend: traceLegend, panels: panels, panelWidth: 948, panelHeight: 290, columns: 1)
    return ChartSection(
      identifier: figure.identifier, heading: "Speedup and energy saving",
      explanation:
        "Bars above 1× (above 0 %) mean the config's zero handling pays off for that trace.",
      figure: figure)
  }

  func qualityChart() -> ChartSection {
    let metric = traces.compactMap(\.quality?.name).first ?? "accuracy"
    let series = traces.enumerated().map { t, trace in
      PointChart.Series(
        name: trace.label, colour: traceColour(t), marker: .forSeries(t),
        points: trace.quality.map {
          [
            PointChart.Point(
              x: run(trace: t, config: 0).density.elementDensity, y: $0.valuePercent,
              label: trace.label)
          ]
        } ?? [])
    }
    let figure = Figure(
      identifier: "chart-quality", title: "\(metric.capitalisedFirst) vs density",
      subtitle: "Task metric from each trace header (task.metrics, percent) against the element "
        + "density of its MLP-down inputs (\(zeroDefinitionNote)).",
      panels: [
        PointChart(
          title: "\(metric) (%) vs element density", series: series,
          xTitle: "element density (fraction non-zero)", yTitle: "\(metric) (%)",
          emptyMessage: "n/a: no trace header records a task metric (synthetic traces have none)")
      ], panelWidth: 640, panelHeight: 340)
    return ChartSection(
      identifier: figure.identifier, heading: "\(metric.capitalisedFirst) vs density",
      explanation:
        "Up and to the left is better: the same quality with fewer non-zero activations.",
      figure: figure)
  }

  func speedupVersusDensityChart() -> ChartSection {
    let series = hardware.enumerated().map { c, config in
      PointChart.Series(
        name: config.name, colour: Palette.colour(c), marker: .forSeries(c),
        points: traces.indices.map { t in
          let run = run(trace: t, config: c)
          return PointChart.Point(x: run.density.elementDensity, y: run.cost.speedupOverDense)
        }, connected: true)
    }
    let figure = Figure(
      identifier: "chart-speedup-density", title: "Speedup over dense vs density, per config",
      subtitle:
        "One point per trace (element density of the MLP-down inputs, \(zeroDefinitionNote)), "
        + "one line per hardware config.",
      panels: [
        PointChart(
          title: "speedup over dense vs element density", series: series,
          xTitle: "element density (fraction non-zero)", yTitle: "speedup over dense (×)",
          reference: .init(value: 1, label: "dense = 1×"))
      ], panelWidth: 800, panelHeight: 380)
    return ChartSection(
      identifier: figure.identifier, heading: "Speedup vs density",
      explanation:
        "How each config turns fewer non-zeros into fewer cycles; flat lines gain nothing.",
      figure: figure)
  }

  func layerCostChart(config c: Int) -> ChartSection {
    let config = hardware[c]
    let slots = traces.map(\.label) + ["dense"]
    func panel(
      _ title: String, yTitle: String, components: [String], scale: Double,
      _ values: (LayerSummary) -> [ComponentValue], dense: (LayerSummary) -> [ComponentValue]
    ) -> BarChart {
      var series: [BarChart.Series] = []
      for slot in slots.indices {
        let run = run(trace: slot < traces.count ? slot : 0, config: c)
        let pick = slot < traces.count ? values : dense
        for (k, name) in components.enumerated() {
          series.append(
            BarChart.Series(
              name: name, colour: Palette.colour(k), slot: slot,
              values: perLayer(run) { pick($0)[k].value * scale }))
        }
      }
      // Components that cost nothing anywhere (no PEFT GEMMs, no gating) stay out of the legend.
      let used = Set(series.filter { $0.values.contains { $0 != 0 } }.map(\.name))
      series.removeAll { !used.contains($0.name) }
      return BarChart(
        title: title, categories: layerCategories, slots: slots, series: series,
        xTitle: "encoder layer", yTitle: yTitle)
    }
    let figure = Figure(
      identifier: "chart-layers-\(c)", title: "Per-layer cycles and energy on \(config.name)",
      subtitle: "\(config.name): \(config.peArray.rows)×\(config.peArray.columns) "
        + "\(config.peArray.dataflow.rawValue), \(FixedDecimal.trimmed(config.clockGHz)) GHz, "
        + "zero handling \(zeroHandlingLabel(config)). Bars per layer: "
        + traces.map(\.label).joined(separator: ", ")
        + " and dense (\(traces[0].label) without zero handling); summed over all sequences.",
      panels: [
        panel(
          "cycles by GEMM group", yTitle: "cycles", components: CostComponents.cycleGroups,
          scale: 1, \.cyclesByComponent, dense: \.denseCyclesByComponent),
        panel(
          "energy by component", yTitle: "energy (µJ)", components: CostComponents.energyComponents,
          scale: 1e-6, \.energyPJByComponent, dense: \.denseEnergyPJByComponent),
      ], panelWidth: 474, panelHeight: 400)
    return ChartSection(
      identifier: figure.identifier, heading: "Per-layer cost on \(config.name)",
      explanation: "Where the cycles and the energy go, layer by layer; mlp-down is the GEMM that "
        + "zero handling acts on.",
      figure: figure)
  }
}

extension String {
  /// The string with its first character upper-cased (`accuracy` → `Accuracy`).
  var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
