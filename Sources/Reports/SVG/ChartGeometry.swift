/// A rectangle in SVG user units (y grows downwards).
public struct Frame: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var maxX: Double { x + width }
  public var maxY: Double { y + height }

  /// The frame shrunk by the given margins.
  public func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0)
    -> Frame
  {
    Frame(
      x: x + left, y: y + top, width: max(1, width - left - right),
      height: max(1, height - top - bottom))
  }
}

/// Font sizes and a width estimate for laying out text without a font engine. The estimate is
/// deliberately generous (0.6 em per character, DejaVu Sans averages about 0.55) so labels laid
/// out with it do not collide.
public enum ChartText {
  public static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
  public static let titleSize = 15.0
  public static let panelTitleSize = 13.0
  public static let labelSize = 12.0
  public static let tickSize = 11.0
  public static let smallSize = 10.0

  /// Estimated width of `text` at `size`.
  public static func width(_ text: String, size: Double) -> Double {
    Double(text.count) * size * 0.6
  }

  /// Splits `text` at spaces into lines no wider than `width` at `size`.
  public static func wrap(_ text: String, width: Double, size: Double) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      let candidate = current.isEmpty ? String(word) : current + " " + word
      if !current.isEmpty && Self.width(candidate, size: size) > width {
        lines.append(current)
        current = String(word)
      } else {
        current = candidate
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}

extension MarkupWriter {
  /// A `<text>` at (x, y) with the given size, anchor (`start`, `middle`, `end`), optional
  /// rotation about the anchor point and extra attributes.
  public mutating func label(
    _ text: String, x: Double, y: Double, size: Double, anchor: String = "start",
    rotation: Double = 0, bold: Bool = false, colour: String = "#222222"
  ) {
    var attributes = [
      ("x", svgNumber(x)), ("y", svgNumber(y)), ("font-size", svgNumber(size)),
      ("text-anchor", anchor), ("fill", colour),
    ]
    if bold { attributes.append(("font-weight", "bold")) }
    if rotation != 0 {
      attributes.append(
        ("transform", "rotate(\(svgNumber(rotation)) \(svgNumber(x)) \(svgNumber(y)))"))
    }
    element("text", attributes, text: text)
  }

  /// A straight line.
  public mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, colour: String, width: Double = 1,
    dashed: Bool = false
  ) {
    var attributes = [
      ("x1", svgNumber(x1)), ("y1", svgNumber(y1)), ("x2", svgNumber(x2)), ("y2", svgNumber(y2)),
      ("stroke", colour), ("stroke-width", svgNumber(width)),
    ]
    if dashed { attributes.append(("stroke-dasharray", "5 3")) }
    element("line", attributes, text: nil)
  }

  /// A filled rectangle with an optional tooltip (`<title>`, shown on hover in browsers).
  public mutating func rect(_ frame: Frame, fill: String, stroke: String? = nil, tooltip: String?) {
    var attributes = [
      ("x", svgNumber(frame.x)), ("y", svgNumber(frame.y)), ("width", svgNumber(frame.width)),
      ("height", svgNumber(frame.height)), ("fill", fill),
    ]
    if let stroke { attributes += [("stroke", stroke), ("stroke-width", "0.5")] }
    if let tooltip {
      open("rect", attributes)
      element("title", text: tooltip)
      close("rect")
    } else {
      element("rect", attributes, text: nil)
    }
  }
}
