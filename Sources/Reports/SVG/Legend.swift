/// A point marker shape. Series differ in shape as well as colour.
public enum Marker: Sendable, Equatable, CaseIterable {
  case circle
  case square
  case triangle
  case diamond

  /// The marker of series `index`, cycling through the shapes.
  public static func forSeries(_ index: Int) -> Marker {
    allCases[index % allCases.count]
  }

  /// Draws the marker centred on (x, y); `size` is its width.
  func draw(into writer: inout MarkupWriter, x: Double, y: Double, size: Double, colour: String) {
    let r = size / 2
    let paint = [("fill", colour), ("stroke", "#ffffff"), ("stroke-width", "1")]
    switch self {
    case .circle:
      writer.element(
        "circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(r))] + paint,
        text: nil)
    case .square:
      writer.rect(
        Frame(x: x - r, y: y - r, width: size, height: size), fill: colour, stroke: "#ffffff",
        tooltip: nil)
    case .triangle:
      writer.element(
        "polygon", [("points", points([(x, y - r), (x + r, y + r), (x - r, y + r)]))] + paint,
        text: nil)
    case .diamond:
      writer.element(
        "polygon", [("points", points([(x, y - r), (x + r, y), (x, y + r), (x - r, y)]))] + paint,
        text: nil)
    }
  }

  private func points(_ list: [(Double, Double)]) -> String {
    list.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " ")
  }
}

/// One legend item: a colour swatch (bars) or a marker (points and lines).
public struct LegendEntry: Sendable, Equatable {
  public var name: String
  public var colour: String
  /// nil draws a square swatch.
  public var marker: Marker?
  /// Draws a line through the swatch (series drawn as connected points).
  public var line: Bool
  /// Draws only a dashed line (reference lines).
  public var dashed: Bool

  public init(
    name: String, colour: String, marker: Marker? = nil, line: Bool = false, dashed: Bool = false
  ) {
    self.name = name
    self.colour = colour
    self.marker = marker
    self.line = line || dashed
    self.dashed = dashed
  }
}

/// Lays legend entries out in rows that fit a width.
public enum Legend {
  static let rowHeight = 18.0
  static let swatch = 11.0

  /// The height the entries take when wrapped into `width`.
  public static func height(_ entries: [LegendEntry], width: Double) -> Double {
    Double(rows(entries, width: width).count) * rowHeight
  }

  /// Draws the entries from the top-left corner (x, y), wrapping at `width`.
  public static func draw(
    _ entries: [LegendEntry], into writer: inout MarkupWriter, x: Double, y: Double, width: Double
  ) {
    for (row, items) in rows(entries, width: width).enumerated() {
      let baseline = y + Double(row) * rowHeight + 12
      var cursor = x
      for entry in items {
        let centreY = baseline - 4
        if entry.line {
          writer.line(
            x1: cursor, y1: centreY, x2: cursor + 2 * swatch, y2: centreY, colour: entry.colour,
            width: entry.dashed ? 1 : 2, dashed: entry.dashed)
        }
        let markerX = entry.line ? cursor + swatch : cursor + swatch / 2
        if entry.dashed {
          // The line is the whole swatch.
        } else if let marker = entry.marker {
          marker.draw(into: &writer, x: markerX, y: centreY, size: swatch, colour: entry.colour)
        } else {
          writer.rect(
            Frame(x: cursor, y: centreY - swatch / 2, width: swatch, height: swatch),
            fill: entry.colour, tooltip: nil)
        }
        let textX = cursor + (entry.line ? 2 * swatch : swatch) + 5
        writer.label(entry.name, x: textX, y: baseline, size: ChartText.labelSize)
        cursor = textX + itemTextWidth(entry) + 14
      }
    }
  }

  private static func itemTextWidth(_ entry: LegendEntry) -> Double {
    ChartText.width(entry.name, size: ChartText.labelSize)
  }

  private static func itemWidth(_ entry: LegendEntry) -> Double {
    (entry.line ? 2 * swatch : swatch) + 5 + itemTextWidth(entry) + 14
  }

  private static func rows(_ entries: [LegendEntry], width: Double) -> [[LegendEntry]] {
    var rows: [[LegendEntry]] = []
    var current: [LegendEntry] = []
    var used = 0.0
    for entry in entries {
      let w = itemWidth(entry)
      if !current.isEmpty && used + w > width {
        rows.append(current)
        current = []
        used = 0
      }
      current.append(entry)
      used += w
    }
    if !current.isEmpty { rows.append(current) }
    return rows
  }
}
