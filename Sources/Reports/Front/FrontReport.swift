/// An accuracy–density–speedup front: every point of a sweep with the Pareto-optimal ones marked,
/// the reference points drawn beside it, and its renderings (`front.json`, `front.csv`, a text
/// table, `report.html`).
public struct FrontReport: Sendable, Equatable, Codable {
  public var title: String
  public var toolVersion: String
  /// The spec the sweep ran and the command that reproduces the front.
  public var spec: String
  public var command: String
  /// Hardware configs replayed, in order (every point has one entry per config).
  public var configs: [String]
  public var points: [FrontPoint]
  public var references: [FrontReferencePoint]

  public init(
    title: String, toolVersion: String, spec: String, command: String, configs: [String],
    points: [FrontPoint], references: [FrontReferencePoint]
  ) {
    self.title = title
    self.toolVersion = toolVersion
    self.spec = spec
    self.command = command
    self.configs = configs
    var marked = points
    ParetoFront.mark(&marked)
    self.points = marked
    self.references = references
  }

  /// `front.json`: sorted keys, pretty-printed.
  public func json() throws(ReportError) -> String {
    try SortedJSON.string(self, what: "the front")
  }

  /// The columns of `front.csv` and the text table; `including` picks the rows (all points by
  /// default).
  public func table(caption: String = "", including: (FrontPoint) -> Bool = { _ in true })
    -> Table
  {
    var columns = [
      Table.Column("point", alignment: .left), Table.Column("kind", alignment: .left),
      Table.Column("accuracy %"), Table.Column("density %"), Table.Column("block density %"),
      Table.Column("tile density %"), Table.Column("skipped blocks"), Table.Column("pareto"),
    ]
    for config in configs {
      columns += [
        Table.Column("speedup \(config)"), Table.Column("energy saving % \(config)"),
        Table.Column("speedup over peft \(config)"),
        Table.Column("energy saving over peft % \(config)"), Table.Column("pareto \(config)"),
      ]
    }
    columns.append(Table.Column("settings", alignment: .left))
    var table = Table(caption: caption, columns: columns)
    for p in points where including(p) {
      var row = [
        p.name, p.kind, FixedDecimal.string(p.accuracy, digits: 2),
        FixedDecimal.string(p.density, digits: 2), FixedDecimal.string(p.blockDensity, digits: 2),
        FixedDecimal.string(p.tileDensity, digits: 2), String(p.skippedBlocks),
        p.pareto ? "yes" : "",
      ]
      for config in configs {
        if let h = p.hardware.first(where: { $0.config == config }) {
          row += [
            FixedDecimal.string(h.speedup, digits: 3),
            FixedDecimal.string(h.energySaving * 100, digits: 2),
            FixedDecimal.string(h.speedupOverPEFT, digits: 3),
            FixedDecimal.string(h.energySavingOverPEFT.map { $0 * 100 }, digits: 2),
            h.pareto ? "yes" : "",
          ]
        } else {
          row += ["", "", "", "", ""]
        }
      }
      row.append(p.settings)
      table.append(row)
    }
    return table
  }

  /// `front.csv`: one row per point.
  public func csv() -> String { CSVWriter.render(table()) }

  /// The table as text, for the terminal.
  public func text() -> String { TextTable.render(table()) }
}
