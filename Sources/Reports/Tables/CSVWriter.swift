import Foundation

/// RFC 4180 CSV: fields containing a comma, a double quote, a line break or leading/trailing
/// spaces are quoted, quotes inside doubled; lines end with `\n` (what pandas and Python's csv
/// module read by default).
public struct CSVWriter: Sendable {
  public private(set) var text = ""

  public init(header: [String]) {
    append(header)
  }

  /// Appends one record.
  public mutating func append(_ fields: [String]) {
    text += fields.map(Self.quote).joined(separator: ",") + "\n"
  }

  /// One field, quoted when needed.
  public static func quote(_ field: String) -> String {
    let needsQuotes =
      field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      || field.hasPrefix(" ") || field.hasSuffix(" ")
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A whole ``Table`` (heading + rows) as CSV.
  public static func render(_ table: Table) -> String {
    var writer = CSVWriter(header: table.columns.map(\.title))
    for row in table.rows { writer.append(row) }
    return writer.text
  }
}
