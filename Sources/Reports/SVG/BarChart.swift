/// Bars per category: side by side (grouped), on top of each other (stacked), or both.
///
/// Each category (an x position: a layer, a config) holds ``slots`` bars side by side; each
/// series belongs to one slot and gives one value per category; series of the same slot stack in
/// order. Grouped bars: one series per slot. Stacked: every series in slot 0. Grouped and
/// stacked: components × runs, e.g. energy by component for PEFT, DEFT and dense per layer.
public struct BarChart: ChartPanel {
  public struct Series: Sendable, Equatable {
    public var name: String
    public var colour: String
    public var slot: Int
    /// One value per category (in the y axis unit).
    public var values: [Double]

    public init(name: String, colour: String, slot: Int = 0, values: [Double]) {
      self.name = name
      self.colour = colour
      self.slot = slot
      self.values = values
    }
  }

  /// A horizontal dashed line with a label (e.g. speedup 1 = dense).
  public struct Reference: Sendable, Equatable {
    public var value: Double
    public var label: String

    public init(value: Double, label: String) {
      self.value = value
      self.label = label
    }
  }

  public var title: String
  public var categories: [String]
  /// Names of the bars within a category; labelled under the bars when there is more than one.
  public var slots: [String]
  public var series: [Series]
  public var xTitle: String
  /// The y axis title, with the unit.
  public var yTitle: String
  /// Writes each bar's total above it with this many decimals and suffix (nil: no labels).
  public var totalLabels: (digits: Int, suffix: String)?
  public var reference: Reference?
  /// Where bars start: 0, or e.g. 1 for ratios so that bars show the gain over 1× (only for
  /// slots holding a single series; stacks always start at 0).
  public var base: Double
  /// Values the y axis must cover besides the bars (e.g. `[0, 1]` for fractions).
  public var yCovers: [Double]
  /// Draw a legend of the series inside the panel (off when the figure has a shared legend).
  public var showsLegend: Bool

  public init(
    title: String, categories: [String], slots: [String] = [""], series: [Series],
    xTitle: String, yTitle: String, totalLabels: (digits: Int, suffix: String)? = nil,
    reference: Reference? = nil, base: Double = 0, yCovers: [Double] = [],
    showsLegend: Bool = true
  ) {
    precondition(
      series.allSatisfy { $0.values.count == categories.count && slots.indices.contains($0.slot) },
      "every series needs one value per category (\(categories.count)) and a valid slot")
    precondition(
      base == 0
        || slots.indices.allSatisfy { slot in series.filter { $0.slot == slot }.count <= 1 },
      "bars can start at \(base) only when no slot stacks several series")
    self.title = title
    self.categories = categories
    self.slots = slots
    self.series = series
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.totalLabels = totalLabels
    self.reference = reference
    self.base = base
    self.yCovers = yCovers
    self.showsLegend = showsLegend
  }

  /// Series names and colours, each name once.
  public var legendEntries: [LegendEntry] {
    var seen: Set<String> = []
    return series.compactMap { s in
      seen.insert(s.name).inserted ? LegendEntry(name: s.name, colour: s.colour) : nil
    }
  }

  /// Slots are labelled under the bars only when they stack several series (otherwise each
  /// slot is one colour and the legend names it).
  private var labelsSlots: Bool {
    slots.count > 1
      && slots.indices.contains { slot in series.filter { $0.slot == slot }.count > 1 }
  }

  /// Bottom and top of each stacked segment, per (series, category).
  private func segments() -> (spans: [[(Double, Double)]], totals: [[Double]]) {
    var positive = [[Double]](
      repeating: [Double](repeating: 0, count: categories.count), count: slots.count)
    var negative = positive
    var spans: [[(Double, Double)]] = []
    for s in series {
      spans.append(
        s.values.enumerated().map { category, value in
          if self.base != 0 { return (min(self.base, value), max(self.base, value)) }
          if value >= 0 {
            let base = positive[s.slot][category]
            positive[s.slot][category] += value
            return (base, base + value)
          }
          let base = negative[s.slot][category]
          negative[s.slot][category] += value
          return (base + value, base)
        })
    }
    var totals = zip(positive, negative).map { zip($0, $1).map { $0 + $1 } }
    if base != 0 {
      for s in series { totals[s.slot] = s.values }
    }
    return (spans, totals)
  }

  public func render(into writer: inout MarkupWriter, frame: Frame) {
    let referenceEntry = reference.map {
      LegendEntry(name: $0.label, colour: Palette.black, dashed: true)
    }
    let area = Axes.header(
      title: title,
      legend: (showsLegend ? legendEntries : []) + (referenceEntry.map { [$0] } ?? []),
      into: &writer, frame: frame)
    let (spans, totals) = segments()
    var extremes = spans.flatMap { $0.flatMap { [$0.0, $0.1] } } + yCovers + [base]
    if let reference { extremes.append(reference.value) }
    // Room above the tallest bar for its total label.
    let probe = LinearScale(covering: extremes, includeZero: base == 0)
    let labelRoom = totalLabels == nil ? 0 : 16.0
    let slotLabels = labelsSlots
    let slotLabelHeight =
      slotLabels ? (slots.map { ChartText.width($0, size: ChartText.smallSize) }.max() ?? 0) + 6 : 0
    let left = Axes.leftMargin(probe)
    let groupWidth = (area.width - left - 8) / Double(max(1, categories.count))
    let rotated = Axes.rotatesCategories(categories, slotWidth: groupWidth)
    let bottom = slotLabelHeight + Axes.categoryAxisHeight(categories, rotated: rotated)
    let plot = area.inset(top: labelRoom, left: left, bottom: bottom, right: 8)
    var scale = probe
    scale.from = plot.maxY
    scale.to = plot.y
    Axes.drawY(scale, plot: plot, title: yTitle, into: &writer)
    let barWidth = groupWidth * 0.8 / Double(slots.count)
    func barX(_ category: Int, _ slot: Int) -> Double {
      plot.x + Double(category) * groupWidth + groupWidth * 0.1 + Double(slot) * barWidth
    }
    for (index, s) in series.enumerated() {
      for (category, span) in spans[index].enumerated() where span.1 > span.0 {
        let top = scale.position(span.1)
        let height = scale.position(span.0) - top
        let slotName = slots[s.slot].isEmpty ? "" : "\(slots[s.slot]), "
        writer.rect(
          Frame(x: barX(category, s.slot) + 0.5, y: top, width: barWidth - 1, height: height),
          fill: s.colour, stroke: "#ffffff",
          tooltip:
            "\(categories[category]), \(slotName)\(s.name): \(scale.label(s.values[category]))")
      }
    }
    if let totalLabels {
      for slot in slots.indices {
        for category in categories.indices where series.contains(where: { $0.slot == slot }) {
          let total = totals[slot][category]
          // Above a bar that grows up from the base, below one that grows down.
          let y = total >= base ? scale.position(total) - 4 : scale.position(total) + 12
          writer.label(
            FixedDecimal.string(total, digits: totalLabels.digits) + totalLabels.suffix,
            x: barX(category, slot) + barWidth / 2, y: y, size: ChartText.smallSize,
            anchor: "middle")
        }
      }
    }
    if let reference {
      let y = scale.position(reference.value)
      writer.line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, colour: Palette.black, dashed: true)
    }
    if slotLabels {
      for category in categories.indices {
        for (slot, name) in slots.enumerated() {
          let x = barX(category, slot) + barWidth / 2 + 3
          writer.label(
            name, x: x, y: plot.maxY + 4, size: ChartText.smallSize, anchor: "end", rotation: -90)
        }
      }
    }
    Axes.drawCategories(
      categories, centres: categories.indices.map { plot.x + (Double($0) + 0.5) * groupWidth },
      plot: plot, top: plot.maxY + slotLabelHeight, rotated: rotated, title: xTitle,
      into: &writer)
  }
}
