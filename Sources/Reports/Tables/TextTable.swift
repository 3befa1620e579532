/// Renders a ``Table`` as aligned plain text for terminals: a heading line, a rule, then the rows;
/// columns are separated by two spaces.
public enum TextTable {
  public static func render(_ table: Table) -> String {
    let widths = table.columns.indices.map { i in
      ([table.columns[i].title] + table.rows.map { $0[i] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, cell) in cells.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        parts.append(table.columns[i].alignment == .left ? cell + pad : pad + cell)
      }
      // Trailing spaces of a left-aligned last column carry no information.
      return parts.joined(separator: "  ").trimmingTrailingSpaces()
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(table.columns.map(\.title)), rule] + table.rows.map(line)).joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var end = endIndex
    while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
    return String(self[..<end])
  }
}
