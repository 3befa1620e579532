/// One chart as a standalone SVG: a title, a subtitle (units, zero definition, hardware), an
/// optional shared legend and one or more panels laid out in a grid.
public struct Figure: Sendable {
  public var title: String
  public var subtitle: String
  /// A legend shared by all panels (drawn under the subtitle); panels may have their own.
  public var legend: [LegendEntry]
  public var panels: [any ChartPanel]
  public var panelWidth: Double
  public var panelHeight: Double
  /// Panels per row.
  public var columns: Int
  /// An identifier for the `<svg>` element (tests and page anchors find charts by it).
  public var identifier: String

  public init(
    identifier: String, title: String, subtitle: String = "", legend: [LegendEntry] = [],
    panels: [any ChartPanel], panelWidth: Double = 460, panelHeight: Double = 320,
    columns: Int? = nil
  ) {
    precondition(!panels.isEmpty, "a figure needs at least one panel")
    self.identifier = identifier
    self.title = title
    self.subtitle = subtitle
    self.legend = legend
    self.panels = panels
    self.panelWidth = panelWidth
    self.panelHeight = panelHeight
    self.columns = max(1, min(columns ?? panels.count, panels.count))
  }

  static let padding = 12.0

  /// The SVG markup (one `<svg>` element with an `xmlns`, a `<title>` for screen readers).
  public func svg() -> String {
    let width = Double(columns) * panelWidth + 2 * Self.padding
    let textWidth = width - 2 * Self.padding
    let titleLines = ChartText.wrap(title, width: textWidth, size: ChartText.titleSize)
    let subtitleLines = ChartText.wrap(subtitle, width: textWidth, size: ChartText.labelSize)
    var top = Self.padding
    var body = MarkupWriter()
    for line in titleLines {
      top += 19
      body.label(line, x: Self.padding, y: top, size: ChartText.titleSize, bold: true)
    }
    for line in subtitleLines {
      top += 16
      body.label(line, x: Self.padding, y: top, size: ChartText.labelSize, colour: "#555555")
    }
    top += 8
    if !legend.isEmpty {
      Legend.draw(legend, into: &body, x: Self.padding, y: top, width: textWidth)
      top += Legend.height(legend, width: textWidth) + 4
    }
    let rows = (panels.count + columns - 1) / columns
    for (index, panel) in panels.enumerated() {
      let frame = Frame(
        x: Self.padding + Double(index % columns) * panelWidth,
        y: top + Double(index / columns) * panelHeight, width: panelWidth - 8,
        height: panelHeight - 8)
      body.open("g", [("class", "panel")])
      panel.render(into: &body, frame: frame)
      body.close("g")
      body.newline()
    }
    let height = top + Double(rows) * panelHeight + Self.padding
    var svg = MarkupWriter()
    svg.open(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("id", identifier), ("class", "chart"),
        ("width", svgNumber(width)), ("height", svgNumber(height)),
        ("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(height))"),
        ("font-family", ChartText.fontFamily), ("role", "img"),
      ])
    svg.element("title", text: title)
    svg.rect(Frame(x: 0, y: 0, width: width, height: height), fill: "#ffffff", tooltip: nil)
    svg.newline()
    svg.raw(body.markup)
    svg.close("svg")
    return svg.markup
  }
}
