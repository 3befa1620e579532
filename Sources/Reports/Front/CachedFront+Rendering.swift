/// The cached-front section of a comparison report: the front's charts with the report's runs
/// drawn over them (``FrontReport/figures(overlay:identifierPrefix:)``), the Pareto points, the
/// reference points and the report's own points, in HTML, Markdown and one terminal line.
extension CachedFront {
  /// The Pareto-optimal points (accuracy vs density or vs any config's speedup), front columns.
  public func paretoTable() -> Table {
    front.table(
      caption: "Pareto-optimal points of the cached front (accuracy vs density, or vs a config's "
        + "speedup)", including: { $0.pareto || $0.hardware.contains(where: \.pareto) })
  }

  /// The points drawn beside the front but not trained by it.
  public func referenceTable() -> Table {
    var table = Table(
      caption: "Reference points (drawn beside the front, not trained here)",
      columns: [
        Table.Column("reference", alignment: .left), Table.Column("accuracy %"),
        Table.Column("density %"),
      ])
    for r in front.references {
      table.append([
        r.name, FixedDecimal.string(r.accuracy, digits: 2),
        FixedDecimal.string(r.density, digits: 2),
      ])
    }
    return table
  }

  /// This report's runs in the front's terms.
  public func overlayTable() -> Table {
    var columns = [
      Table.Column("this report", alignment: .left), Table.Column("accuracy %"),
      Table.Column("density %"),
    ]
    columns += front.configs.map { Table.Column("speedup \($0)") }
    var table = Table(
      caption: "This report's runs on the front (density under each trace's zero definition)",
      columns: columns)
    for p in overlay {
      table.append(
        [
          p.name, FixedDecimal.string(p.accuracy, digits: 2),
          FixedDecimal.string(p.density, digits: 2) + " (\(p.zeroDefinition))",
        ]
          + front.configs.map {
            p.hardware($0).map { FixedDecimal.string($0.speedup, digits: 3) } ?? "not replayed"
          })
    }
    return table
  }

  /// The section's HTML: heading, provenance, the charts with the overlay, the tables.
  public func html(into page: inout MarkupWriter) {
    page.open("section", [("id", "section-cached-front"), ("class", "front-section")])
    page.element("h2", text: Self.heading)
    page.element("p", text: provenance)
    for figure in front.figures(overlay: overlay, identifierPrefix: "cached-") {
      page.raw(figure.svg())
    }
    page.raw(HTMLTable.render(paretoTable()))
    if !front.references.isEmpty { page.raw(HTMLTable.render(referenceTable())) }
    page.raw(HTMLTable.render(overlayTable()))
    page.close("section")
  }

  /// The section's Markdown parts (heading, provenance, tables; the charts are in report.html).
  public func markdown() -> [String] {
    var parts = [
      "## \(Self.heading)", MarkdownTable.escape(provenance) + " Charts: `report.html`.",
      MarkdownTable.render(paretoTable()),
    ]
    if !front.references.isEmpty { parts.append(MarkdownTable.render(referenceTable())) }
    parts.append(MarkdownTable.render(overlayTable()))
    return parts
  }

  /// One line for the terminal: the Pareto points and where this report's runs sit.
  public func terminalLine() -> String {
    func point(_ name: String, _ accuracy: Double?, _ density: Double) -> String {
      "\(name) \(FixedDecimal.string(accuracy, digits: 2)) % at \(FixedDecimal.string(density, digits: 2)) %"
    }
    let pareto = paretoPoints.map { point($0.name, $0.accuracy, $0.density) }
    let mine = overlay.map { point($0.name, $0.accuracy, $0.density) }
    return "Front (cached sweep, \(source), accuracy at density): \(front.points.count) points, "
      + "Pareto \(pareto.joined(separator: ", ")); this report: \(mine.joined(separator: ", "))."
  }
}
