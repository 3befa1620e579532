/// `report.html` of a front: the charts (accuracy against density, and against each config's
/// speedup and energy saving, Pareto-optimal points joined), then the table. Self-contained.
extension FrontReport {
  static let kinds = ["peft", "element", "int8", "block", "tile", "ada"]

  func series(_ value: (FrontPoint) -> Double?) -> [PointChart.Series] {
    var out: [PointChart.Series] = []
    var kinds = Self.kinds
    for p in points where !kinds.contains(p.kind) { kinds.append(p.kind) }
    for (i, kind) in kinds.enumerated() {
      let members = points.filter { $0.kind == kind }
      guard !members.isEmpty else { continue }
      out.append(
        PointChart.Series(
          name: kind, colour: Palette.colour(i), marker: Marker.forSeries(i),
          points: members.compactMap { p in
            value(p).map { PointChart.Point(x: $0, y: p.accuracy, label: p.name) }
          }))
    }
    return out
  }

  func paretoSeries(_ value: (FrontPoint) -> Double?, on: (FrontPoint) -> Bool)
    -> PointChart.Series
  {
    PointChart.Series(
      name: "Pareto front", colour: Palette.grey, marker: .circle,
      points: points.filter(on).compactMap { p in
        value(p).map { PointChart.Point(x: $0, y: p.accuracy) }
      }, connected: true)
  }

  /// The overlaid points as one series (black triangles, labelled), drawn last so they sit on
  /// top; nil when there are none with a value.
  func overlaySeries(_ overlay: [FrontOverlayPoint], _ value: (FrontOverlayPoint) -> Double?)
    -> PointChart.Series?
  {
    let drawn = overlay.compactMap { p -> PointChart.Point? in
      guard let accuracy = p.accuracy, let x = value(p) else { return nil }
      return PointChart.Point(x: x, y: accuracy, label: p.name)
    }
    if drawn.isEmpty { return nil }
    return PointChart.Series(
      name: FrontOverlayPoint.seriesName, colour: Palette.black, marker: .triangle, points: drawn,
      labelsBelow: true)
  }

  /// The front's figures: accuracy against density, then per config against speedup and
  /// energy saving. `overlay` points (e.g. a report's own runs) are drawn over the front;
  /// `identifierPrefix` keeps the figures' ids unique on a page that holds other charts.
  public func figures(overlay: [FrontOverlayPoint] = [], identifierPrefix: String = "")
    -> [Figure]
  {
    let zero = points.first?.zeroDefinition ?? "int8"
    // The Pareto line first, so the points' own markers are drawn over its grey ones.
    var densitySeries = [paretoSeries({ $0.density }, on: { $0.pareto })] + series { $0.density }
    if !references.isEmpty {
      densitySeries.append(
        PointChart.Series(
          name: "reference", colour: Palette.black, marker: .diamond,
          points: references.map {
            PointChart.Point(x: $0.density, y: $0.accuracy, label: $0.name)
          }))
    }
    if let mine = overlaySeries(overlay, { $0.density }) { densitySeries.append(mine) }
    var figures = [
      Figure(
        identifier: identifierPrefix + "front-density", title: "Accuracy against density",
        subtitle:
          "Density: % of MLP activations non-zero under the \(zero) zero definition (lower is "
          + "sparser); grey line: the Pareto front of the points trained here.",
        panels: [
          PointChart(
            title: "accuracy vs density", series: densitySeries, xTitle: "density % (\(zero))",
            yTitle: "accuracy %")
        ], panelWidth: 640, panelHeight: 420)
    ]
    for (k, config) in configs.enumerated() {
      let overPEFT = points.contains {
        $0.hardware.count > k && $0.hardware[k].speedupOverPEFT != nil
      }
      func speedup(_ p: FrontPoint) -> Double? {
        p.hardware.count > k ? p.hardware[k].frontSpeedup : nil
      }
      func saving(_ p: FrontPoint) -> Double? {
        guard p.hardware.count > k else { return nil }
        let h = p.hardware[k]
        return (overPEFT ? h.energySavingOverPEFT : h.energySaving).map { $0 * 100 }
      }
      var speedupSeries =
        [paretoSeries(speedup, on: { $0.hardware.count > k && $0.hardware[k].pareto })]
        + series(speedup)
      var savingSeries = series(saving)
      if let mine = overlaySeries(overlay, { $0.hardware(config)?.frontSpeedup }) {
        speedupSeries.append(mine)
      }
      if let mine = overlaySeries(
        overlay,
        {
          $0.hardware(config).flatMap { (overPEFT ? $0.energySavingOverPEFT : $0.energySaving) }
            .map { $0 * 100 }
        })
      {
        savingSeries.append(mine)
      }
      figures.append(
        Figure(
          identifier: identifierPrefix + "front-\(k)",
          title: "Accuracy against estimated speedup and energy: \(config)",
          subtitle: overPEFT
            ? "Against the PEFT point on the same hardware (PEFT = 1): what the density loss "
              + "and skipped MLP blocks save."
            : "Against the same hardware without zero handling (dense = 1).",
          panels: [
            PointChart(
              title: "accuracy vs speedup", series: speedupSeries, xTitle: "speedup ×",
              yTitle: "accuracy %", xIncludesZero: false,
              xReference: BarChart.Reference(value: 1, label: overPEFT ? "PEFT" : "dense")),
            PointChart(
              title: "accuracy vs energy saving", series: savingSeries,
              xTitle: "energy saving %", yTitle: "accuracy %", showsLegend: false),
          ]))
    }
    return figures
  }

  public func html() -> String {
    var page = MarkupWriter()
    page.raw("<!DOCTYPE html>\n")
    page.open("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")])
    page.open("head")
    page.element("meta", [("charset", "utf-8")], text: nil)
    page.element("title", text: title)
    page.element(
      "style",
      text: "body{font-family:sans-serif;margin:1.5em;max-width:1400px}"
        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
        + "padding:2px 6px}code{background:#f4f4f4}")
    page.close("head")
    page.open("body")
    page.element("h1", text: title)
    page.element(
      "p",
      text: "Generated by deft-sim \(toolVersion) from \(spec). \(points.count) points; "
        + "Pareto-optimal points are marked in the table and joined in the charts.")
    page.open("p")
    page.text("Reproduce: ")
    page.element("code", text: command)
    page.close("p")
    for figure in figures() {
      page.open("section", [("id", "section-\(figure.identifier)")])
      page.raw(figure.svg())
      page.close("section")
    }
    page.element("h2", text: "Points")
    page.raw(HTMLTable.render(table()))
    page.close("body")
    page.close("html")
    return page.markup
  }
}
