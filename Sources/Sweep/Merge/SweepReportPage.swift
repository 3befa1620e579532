import Reports

/// `report.html`: per trace, the design space as scatter plots (latency and energy against
/// area) with the Pareto front highlighted; per PEFT/DEFT pair, DEFT-over-PEFT speedup against
/// area; then the points of every front. Self-contained (inline SVG, no scripts).
enum SweepReportPage {
  static func html(_ sweep: MergedSweep, _ fronts: SweepFronts) -> String {
    var body: [String] = []
    let title = "Sweep \(sweep.sweep)"
    body.append("<h1>\(MarkupWriter.escape(title))</h1>")
    body.append(
      "<p>\(sweep.points.count) points replayed of \(sweep.gridPoints) in the grid"
        + " (\(sweep.invalid.count) invalid, \(sweep.pruned.count) outside a constraint on area)"
        + " on \(sweep.traces.count) trace\(sweep.traces.count == 1 ? "" : "s"). Axes: "
        + MarkupWriter.escape(sweep.axisKeys.joined(separator: ", "))
        + (sweep.constraints.isEmpty
          ? "" : ". Constraints: " + MarkupWriter.escape(sweep.constraints.joined(separator: "; ")))
        + ". Fronts are over feasible points; grey points are dominated.</p>")
    for (t, trace) in sweep.traces.enumerated() {
      let rows = sweep.rows.filter { $0.trace == t }
      let panels = [
        ("latency-area", SweepMetric.latencyMicroseconds, "latency (µs)"),
        ("energy-area", SweepMetric.energyMicrojoules, "energy (µJ)"),
      ].map { front, metric, yTitle in
        let members = Set(
          fronts.sets.first { $0.front == front && $0.scope == trace.label }?.points ?? [])
        return chart(
          title: "\(yTitle) vs area", yTitle: yTitle,
          points: rows.map {
            (
              point: $0.point, x: $0.metrics.areaMM2, y: $0.metrics.value(metric),
              feasible: $0.feasible
            )
          }, front: members)
      }
      let figure = Figure(
        identifier: "trace-\(t)", title: trace.label,
        subtitle: "\(trace.sequences) sequences, \(trace.tokens) tokens, "
          + (trace.deft ? "DEFT" : "PEFT") + " (\(trace.peftMethod))",
        panels: panels)
      body.append(figure.svg())
    }
    for (p, pair) in sweep.pairs.enumerated() {
      let label = SweepFronts.pairLabel(pair, sweep.traces)
      let members = Set(
        fronts.sets.first { $0.front == "speedup-area" && $0.scope == label }?.points ?? [])
      let points = fronts.pairSpeedups.filter { $0.pair == p }.map {
        (point: $0.point, x: $0.areaMM2, y: $0.speedup, feasible: true)
      }
      let figure = Figure(
        identifier: "pair-\(p)", title: "DEFT over PEFT: " + label,
        subtitle: "PEFT latency / DEFT latency on the same design",
        panels: [
          chart(
            title: "speedup vs area", yTitle: "DEFT-over-PEFT speedup (×)", points: points,
            front: members)
        ])
      body.append(figure.svg())
    }
    body.append("<h2>Pareto sets</h2>")
    let values = sweep.valuesByPoint
    for set in fronts.sets {
      body.append(
        "<h3>\(MarkupWriter.escape(set.scope)): \(MarkupWriter.escape(set.front))"
          + " (\(MarkupWriter.escape(set.objectives.joined(separator: ", "))))</h3>")
      var table = "<table><tr><th>point</th>"
      table += sweep.axisKeys.map { "<th>\(MarkupWriter.escape($0))</th>" }.joined() + "</tr>"
      for point in set.points {
        table += "<tr><td>\(point)</td>"
        table += (values[point] ?? []).map { "<td>\(MarkupWriter.escape($0.cellText))</td>" }
          .joined()
        table += "</tr>"
      }
      body.append(table + "</table>")
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(MarkupWriter.escape(title))</title>
      <style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}
      table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;
      text-align:right}</style></head><body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }

  private static func chart(
    title: String, yTitle: String, points: [(point: Int, x: Double, y: Double, feasible: Bool)],
    front: Set<Int>
  ) -> PointChart {
    let dominated = points.filter { $0.feasible && !front.contains($0.point) }
    let infeasible = points.filter { !$0.feasible }
    let onFront = points.filter { front.contains($0.point) }.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
    var series = [
      PointChart.Series(
        name: "design points", colour: Palette.grey, marker: .circle,
        points: dominated.map { PointChart.Point(x: $0.x, y: $0.y) }),
      PointChart.Series(
        name: "Pareto front", colour: Palette.vermillion, marker: .diamond,
        points: onFront.map { PointChart.Point(x: $0.x, y: $0.y, label: "p\($0.point)") },
        connected: true),
    ]
    if !infeasible.isEmpty {
      series.append(
        PointChart.Series(
          name: "infeasible", colour: Palette.skyBlue, marker: .square,
          points: infeasible.map { PointChart.Point(x: $0.x, y: $0.y) }))
    }
    return PointChart(
      title: title, series: series, xTitle: "area (mm²)", yTitle: yTitle, xIncludesZero: false,
      yIncludesZero: false)
  }
}
