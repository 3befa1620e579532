/// One plot inside a ``Figure``: draws itself (title, optional legend, axes, marks) into a frame.
public protocol ChartPanel: Sendable {
  var title: String { get }
  func render(into writer: inout MarkupWriter, frame: Frame)
}

/// Axis drawing shared by the chart types: grid lines, ticks, tick labels and axis titles.
enum Axes {
  static let tickLength = 4.0
  static let axisColour = "#444444"
  static let gridColour = "#e3e3e3"

  /// Space left of the plot for tick labels and the rotated y title.
  static func leftMargin(_ scale: LinearScale) -> Double {
    let widest =
      scale.ticks.map { ChartText.width(scale.label($0), size: ChartText.tickSize) }
      .max() ?? 0
    return 18 + 6 + widest + tickLength + 2
  }

  /// Draws the panel title and optional legend at the top of `frame`; returns the frame below.
  static func header(
    title: String, legend: [LegendEntry], into writer: inout MarkupWriter, frame: Frame
  ) -> Frame {
    var top = frame.y
    for line in ChartText.wrap(title, width: frame.width - 8, size: ChartText.panelTitleSize) {
      top += 17
      writer.label(
        line, x: frame.x + frame.width / 2, y: top, size: ChartText.panelTitleSize,
        anchor: "middle", bold: true)
    }
    top += 6
    if !legend.isEmpty {
      Legend.draw(legend, into: &writer, x: frame.x + 8, y: top, width: frame.width - 16)
      top += Legend.height(legend, width: frame.width - 16)
    }
    return Frame(x: frame.x, y: top + 6, width: frame.width, height: frame.maxY - top - 6)
  }

  /// Horizontal grid lines, tick labels and the rotated title of a y axis.
  static func drawY(
    _ scale: LinearScale, plot: Frame, title: String, into writer: inout MarkupWriter
  ) {
    for tick in scale.ticks {
      let y = scale.position(tick)
      writer.line(
        x1: plot.x, y1: y, x2: plot.maxX, y2: y, colour: tick == 0 ? axisColour : gridColour)
      writer.line(x1: plot.x - tickLength, y1: y, x2: plot.x, y2: y, colour: axisColour)
      writer.label(
        scale.label(tick), x: plot.x - tickLength - 2, y: y + 4, size: ChartText.tickSize,
        anchor: "end")
    }
    writer.line(x1: plot.x, y1: plot.y, x2: plot.x, y2: plot.maxY, colour: axisColour)
    let x = plot.x - leftMargin(scale) + 13
    writer.label(
      title, x: x, y: plot.y + plot.height / 2, size: ChartText.labelSize, anchor: "middle",
      rotation: -90)
  }

  /// Ticks, tick labels and title of a linear x axis under `plot`.
  static func drawX(
    _ scale: LinearScale, plot: Frame, title: String, into writer: inout MarkupWriter
  ) {
    writer.line(x1: plot.x, y1: plot.maxY, x2: plot.maxX, y2: plot.maxY, colour: axisColour)
    for tick in scale.ticks {
      let x = scale.position(tick)
      writer.line(x1: x, y1: plot.y, x2: x, y2: plot.maxY, colour: gridColour)
      writer.line(x1: x, y1: plot.maxY, x2: x, y2: plot.maxY + tickLength, colour: axisColour)
      writer.label(
        scale.label(tick), x: x, y: plot.maxY + tickLength + 12, size: ChartText.tickSize,
        anchor: "middle")
    }
    writer.label(
      title, x: plot.x + plot.width / 2, y: plot.maxY + tickLength + 32,
      size: ChartText.labelSize, anchor: "middle")
  }

  /// Height of a linear x axis (ticks, labels, title).
  static let linearXAxisHeight = tickLength + 40

  /// Whether category labels must be rotated to fit `slotWidth` each.
  static func rotatesCategories(_ labels: [String], slotWidth: Double) -> Bool {
    labels.contains { ChartText.width($0, size: ChartText.tickSize) > slotWidth - 4 }
  }

  /// Height the category labels and axis title take.
  static func categoryAxisHeight(_ labels: [String], rotated: Bool) -> Double {
    let widest = labels.map { ChartText.width($0, size: ChartText.tickSize) }.max() ?? 0
    return (rotated ? widest * 0.71 + 14 : 16) + 22
  }

  /// Category labels centred at `centres` under `plot` (rotated −45° when crowded) and the title.
  static func drawCategories(
    _ labels: [String], centres: [Double], plot: Frame, top: Double, rotated: Bool, title: String,
    into writer: inout MarkupWriter
  ) {
    for (label, x) in zip(labels, centres) {
      if rotated {
        writer.label(
          label, x: x + 4, y: top + 10, size: ChartText.tickSize, anchor: "end", rotation: -45)
      } else {
        writer.label(label, x: x, y: top + 12, size: ChartText.tickSize, anchor: "middle")
      }
    }
    let height = categoryAxisHeight(labels, rotated: rotated)
    writer.label(
      title, x: plot.x + plot.width / 2, y: top + height - 4, size: ChartText.labelSize,
      anchor: "middle")
  }
}
