/// Renders a ``Table`` as an HTML `<table>` (caption, `<thead>`, right-aligned number columns),
/// inside a scrolling wrapper so wide tables never widen the page.
public enum HTMLTable {
  public static func render(_ table: Table) -> String {
    var html = MarkupWriter()
    html.open("div", [("class", "table-wrap")])
    html.open("table")
    if !table.caption.isEmpty { html.element("caption", text: table.caption) }
    html.open("thead")
    html.open("tr")
    for column in table.columns {
      html.element("th", alignment(column), text: column.title)
    }
    html.close("tr")
    html.close("thead")
    html.open("tbody")
    for row in table.rows {
      html.newline()
      html.open("tr")
      for (column, cell) in zip(table.columns, row) {
        html.element("td", alignment(column), text: cell)
      }
      html.close("tr")
    }
    html.close("tbody")
    html.close("table")
    html.close("div")
    return html.markup
  }

  private static func alignment(_ column: Table.Column) -> [(String, String)] {
    column.alignment == .right ? [("class", "num")] : []
  }
}
