/// A table of already-formatted cells: the one shape that the text, Markdown, HTML and CSV
/// renderers share, so a number is formatted once and every format shows the same digits.
public struct Table: Sendable, Equatable {
  /// How a column's cells line up.
  public enum Alignment: Sendable, Equatable {
    case left
    case right
  }

  /// A column heading, with the unit in the title (`latency (µs)`).
  public struct Column: Sendable, Equatable {
    public var title: String
    public var alignment: Alignment

    public init(_ title: String, alignment: Alignment = .right) {
      self.title = title
      self.alignment = alignment
    }
  }

  /// A caption rendered above the table (Markdown, HTML) or omitted (CSV, text).
  public var caption: String
  public var columns: [Column]
  public var rows: [[String]]

  public init(caption: String = "", columns: [Column], rows: [[String]] = []) {
    self.caption = caption
    self.columns = columns
    self.rows = rows
  }

  /// Appends a row; it must have one cell per column.
  public mutating func append(_ row: [String]) {
    precondition(
      row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns: \(row)")
    rows.append(row)
  }
}
