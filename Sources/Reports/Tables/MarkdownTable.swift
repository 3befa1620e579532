/// Renders a ``Table`` as a GitHub-flavoured Markdown table (pipes in cells escaped, right-aligned
/// columns marked `---:`), preceded by its caption in bold when there is one.
public enum MarkdownTable {
  public static func render(_ table: Table) -> String {
    func line(_ cells: [String]) -> String {
      "| " + cells.map(escape).joined(separator: " | ") + " |"
    }
    let rule = "|" + table.columns.map { $0.alignment == .right ? "---:|" : "---|" }.joined()
    var lines: [String] = []
    if !table.caption.isEmpty { lines += ["**\(escape(table.caption))**", ""] }
    lines.append(line(table.columns.map(\.title)))
    lines.append(rule)
    lines += table.rows.map(line)
    return lines.joined(separator: "\n")
  }

  /// Escapes characters that would end a cell or start Markdown markup.
  public static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "|", "*", "_", "`", "\\", "<": out += "\\\(character)"
      case "\n": out += " "
      default: out.append(character)
      }
    }
    return out
  }
}
