/// Points on two linear axes, optionally connected in x order: scatter plots and line charts.
public struct PointChart: ChartPanel {
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// Written next to the point (e.g. the run name); nil for none.
    public var label: String?

    public init(x: Double, y: Double, label: String? = nil) {
      self.x = x
      self.y = y
      self.label = label
    }
  }

  public struct Series: Sendable, Equatable {
    public var name: String
    public var colour: String
    public var marker: Marker
    public var points: [Point]
    /// Join the points with a line, in ascending x.
    public var connected: Bool
    /// Write the labels below the points instead of above (for a series drawn over another
    /// whose labelled points it may coincide with).
    public var labelsBelow: Bool

    public init(
      name: String, colour: String, marker: Marker, points: [Point], connected: Bool = false,
      labelsBelow: Bool = false
    ) {
      self.name = name
      self.colour = colour
      self.marker = marker
      self.points = points
      self.connected = connected
      self.labelsBelow = labelsBelow
    }
  }

  public var title: String
  public var series: [Series]
  public var xTitle: String
  public var yTitle: String
  public var xIncludesZero: Bool
  public var yIncludesZero: Bool
  /// A dashed horizontal line (e.g. speedup 1 = dense).
  public var reference: BarChart.Reference?
  /// A dashed vertical line (e.g. speedup 1 = dense on an x axis of speedups).
  public var xReference: BarChart.Reference?
  /// Shown in the plot area when no series has a point.
  public var emptyMessage: String
  public var showsLegend: Bool

  public init(
    title: String, series: [Series], xTitle: String, yTitle: String, xIncludesZero: Bool = true,
    yIncludesZero: Bool = false, reference: BarChart.Reference? = nil,
    xReference: BarChart.Reference? = nil, emptyMessage: String = "no data",
    showsLegend: Bool = true
  ) {
    self.title = title
    self.series = series
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xIncludesZero = xIncludesZero
    self.yIncludesZero = yIncludesZero
    self.reference = reference
    self.xReference = xReference
    self.emptyMessage = emptyMessage
    self.showsLegend = showsLegend
  }

  public var legendEntries: [LegendEntry] {
    series.map {
      LegendEntry(name: $0.name, colour: $0.colour, marker: $0.marker, line: $0.connected)
    }
  }

  /// The values with 5 % of their span added either side, so no point sits on the frame.
  static func padded(_ values: [Double]) -> [Double] {
    guard let low = values.min(), let high = values.max() else { return values }
    let pad = (high - low) * 0.05
    return values + [low - pad, high + pad]
  }

  public func render(into writer: inout MarkupWriter, frame: Frame) {
    let referenceEntries = [reference, xReference].compactMap {
      $0.map { LegendEntry(name: $0.label, colour: Palette.black, dashed: true) }
    }
    let area = Axes.header(
      title: title, legend: (showsLegend ? legendEntries : []) + referenceEntries,
      into: &writer, frame: frame)
    let points = series.flatMap(\.points)
    var ys = points.map(\.y)
    if let reference { ys.append(reference.value) }
    var yScale = LinearScale(covering: Self.padded(ys), includeZero: yIncludesZero)
    var xs = points.map(\.x)
    if let xReference { xs.append(xReference.value) }
    var xScale = LinearScale(covering: Self.padded(xs), includeZero: xIncludesZero)
    let plot = area.inset(
      top: 6, left: Axes.leftMargin(yScale), bottom: Axes.linearXAxisHeight, right: 16)
    yScale.from = plot.maxY
    yScale.to = plot.y
    xScale.from = plot.x
    xScale.to = plot.maxX
    Axes.drawY(yScale, plot: plot, title: yTitle, into: &writer)
    Axes.drawX(xScale, plot: plot, title: xTitle, into: &writer)
    if let reference {
      let y = yScale.position(reference.value)
      writer.line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, colour: Palette.black, dashed: true)
    }
    if let xReference {
      let x = xScale.position(xReference.value)
      writer.line(x1: x, y1: plot.y, x2: x, y2: plot.maxY, colour: Palette.black, dashed: true)
    }
    if points.isEmpty {
      for (i, line) in ChartText.wrap(emptyMessage, width: plot.width - 20, size: 12).enumerated() {
        writer.label(
          line, x: plot.x + plot.width / 2, y: plot.y + plot.height / 2 + Double(i) * 16,
          size: ChartText.labelSize, anchor: "middle", colour: "#555555")
      }
      return
    }
    for s in series {
      let sorted = s.points.sorted { $0.x < $1.x }
      if s.connected && sorted.count > 1 {
        let path = sorted.map {
          "\(svgNumber(xScale.position($0.x))),\(svgNumber(yScale.position($0.y)))"
        }
        writer.element(
          "polyline",
          [
            ("points", path.joined(separator: " ")), ("fill", "none"), ("stroke", s.colour),
            ("stroke-width", "2"),
          ], text: nil)
      }
      for point in sorted {
        let x = xScale.position(point.x)
        let y = yScale.position(point.y)
        writer.open("g")
        writer.element(
          "title",
          text: "\(s.name): \(xTitle) \(xScale.label(point.x)), \(yTitle) \(yScale.label(point.y))")
        s.marker.draw(into: &writer, x: x, y: y, size: 10, colour: s.colour)
        writer.close("g")
        if let label = point.label {
          writer.label(
            label, x: x + 8, y: s.labelsBelow ? y + 16 : y - 6, size: ChartText.smallSize)
        }
      }
    }
  }
}
