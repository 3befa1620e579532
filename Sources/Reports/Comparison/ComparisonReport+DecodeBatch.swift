import Simulator

/// The decode speedup-vs-batch chart and table of a report over version-2 traces.
extension ComparisonReport {
  /// One row per trace × config × batch size; nil without decode points.
  public func decodeBatchTable() -> Table? {
    guard let points = decodeBatches, !points.isEmpty else { return nil }
    var table = Table(
      caption: "Decode vs batch (sequences decoding concurrently; the union of active units "
        + "over a batch grows with the batch)",
      columns: [
        Table.Column("trace", alignment: .left), Table.Column("hardware", alignment: .left),
        Table.Column("batch"), Table.Column("decode speedup over dense"),
        Table.Column("latency/token us"), Table.Column("tokens/s"),
      ])
    for p in points {
      table.append([
        traces[p.trace].label, hardware[p.config].name, "\(p.batchSequences)",
        FixedDecimal.string(p.decodeSpeedup, digits: Digits.speedup),
        FixedDecimal.string(p.decodeLatencyPerTokenMicroseconds, digits: Digits.latency),
        FixedDecimal.string(p.decodeTokensPerSecond, digits: 1),
      ])
    }
    return table
  }

  /// Decode speedup over dense against the batch size, one line per trace × config.
  func decodeBatchChart() -> ChartSection? {
    guard let points = decodeBatches, !points.isEmpty else { return nil }
    var series: [PointChart.Series] = []
    for t in traces.indices {
      for c in hardware.indices {
        let mine = points.filter { $0.trace == t && $0.config == c }
        guard !mine.isEmpty else { continue }
        let k = series.count
        series.append(
          PointChart.Series(
            name: traces.count == 1
              ? hardware[c].name : "\(traces[t].label) on \(hardware[c].name)",
            colour: Palette.colour(k), marker: .forSeries(k),
            points: mine.map {
              PointChart.Point(x: Double($0.batchSequences), y: $0.decodeSpeedup)
            }, connected: true))
      }
    }
    let figure = Figure(
      identifier: "chart-decode-batch", title: "Decode speedup over dense vs batch size",
      subtitle: "Decode replayed with 1, 8 and 32 sequences decoding concurrently (and the "
        + "report's batch size); one line per trace and hardware config.",
      panels: [
        PointChart(
          title: "decode speedup over dense vs batch", series: series,
          xTitle: "sequences decoding concurrently", yTitle: "decode speedup over dense (×)",
          reference: .init(value: 1, label: "dense = 1×"))
      ], panelWidth: 800, panelHeight: 380)
    return ChartSection(
      identifier: figure.identifier, heading: "Decode speedup vs batch",
      explanation: "A decode step fetches the weight rows that any sequence of the batch needs: "
        + "the union of active units grows with the batch, so the gain of skipping shrinks.",
      figure: figure)
  }
}
