import Foundation
import Reports
import Testing

@Test func fixedDecimalIsLocaleFreeAndHasNoNegativeZero() {
  #expect(FixedDecimal.string(1.23456, digits: 3) == "1.235")
  #expect(FixedDecimal.string(-0.0001, digits: 3) == "0.000")
  #expect(FixedDecimal.string(-1.5, digits: 1) == "-1.5")
  #expect(FixedDecimal.string(.nan, digits: 2) == "n/a")
  #expect(FixedDecimal.string(nil, digits: 2) == "n/a")
  #expect(FixedDecimal.signed(0.25, digits: 2) == "+0.25")
  #expect(FixedDecimal.percent(0.0312) == "3.1 %")
  #expect(FixedDecimal.trimmed(1.0) == "1" && FixedDecimal.trimmed(1.25) == "1.25")
}

@Test func csvQuotesWhatNeedsQuoting() {
  #expect(CSVWriter.quote("plain") == "plain")
  #expect(CSVWriter.quote("a,b") == "\"a,b\"")
  #expect(CSVWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
  #expect(CSVWriter.quote("two\nlines") == "\"two\nlines\"")
  #expect(CSVWriter.quote(" padded") == "\" padded\"")
  var writer = CSVWriter(header: ["a", "b"])
  writer.append(["1", "x,y"])
  #expect(writer.text == "a,b\n1,\"x,y\"\n")
}

@Test func tablesRenderAlignedAndEscaped() {
  var table = Table(
    caption: "c", columns: [Table.Column("name", alignment: .left), Table.Column("value (µs)")])
  table.append(["a|b", "1.5"])
  table.append(["long name", "12.25"])
  #expect(
    TextTable.render(table)
      == "name       value (µs)\n---------  ----------\na|b               1.5\nlong name       12.25"
  )
  #expect(
    MarkdownTable.render(table)
      == "**c**\n\n| name | value (µs) |\n|---|---:|\n| a\\|b | 1.5 |\n| long name | 12.25 |")
  let html = HTMLTable.render(table)
  #expect(html.contains("<td class=\"num\">12.25</td>") && html.contains("<caption>c</caption>"))
}

@Test func markupEscapesTextAndAttributes() throws {
  var writer = MarkupWriter()
  writer.element("text", [("title", "a \"q\" & <b>")], text: "x < y & 'z'")
  #expect(
    writer.markup
      == "<text title=\"a &quot;q&quot; &amp; &lt;b&gt;\">x &lt; y &amp; &#39;z&#39;</text>")
  _ = try XMLNode.parse(writer.markup)
}

@Test(arguments: [
  ([0.0, 0.3], [0.0, 0.1, 0.2, 0.3]),
  ([0.0, 0.97], [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
  ([1.0, 1.138], [1.0, 1.05, 1.1, 1.15]),
  ([0.0, 47_000_000], [0.0, 10e6, 20e6, 30e6, 40e6, 50e6]),
  ([-2.0, 7.0], [-2.0, 0.0, 2.0, 4.0, 6.0, 8.0]),
])
func scaleTicksAreNice(values: [Double], ticks: [Double]) {
  let scale = LinearScale(covering: values, includeZero: (values.min() ?? 0) <= 0)
  #expect(scale.ticks.count == ticks.count)
  for (a, b) in zip(scale.ticks, ticks) {
    #expect(abs(a - b) < 1e-9 * max(1, abs(b)), "\(scale.ticks)")
  }
}

@Test func scaleLabelsUseFewDecimalsAndSISuffixes() {
  let fraction = LinearScale(covering: [0, 0.3])
  #expect(fraction.ticks.map(fraction.label) == ["0", "0.1", "0.2", "0.3"])
  let cycles = LinearScale(covering: [0, 47_000_000])
  #expect(cycles.label(20e6) == "20M")
  let small = LinearScale(covering: [0, 4000])
  #expect(small.label(2000) == "2000")
  let scale = LinearScale(covering: [5], includeZero: false, from: 100, to: 0)
  #expect(scale.lower < 5 && scale.upper > 5)
  #expect(scale.position(scale.lower) == 100 && scale.position(scale.upper) == 0)
}

@Test func paletteIsOkabeIto() {
  #expect(Palette.okabeIto.count == 8 && Set(Palette.okabeIto).count == 8)
  #expect(Palette.colour(0) == "#0072B2" && Palette.colour(8) == Palette.colour(0))
}

@Test func figuresOfEveryChartKindAreValidSVG() throws {
  let bars = BarChart(
    title: "stacked and grouped", categories: ["a", "b"], slots: ["x", "y"],
    series: [
      .init(name: "s1", colour: Palette.colour(0), slot: 0, values: [1, 2]),
      .init(name: "s2", colour: Palette.colour(1), slot: 0, values: [3, 0]),
      .init(name: "s1", colour: Palette.colour(0), slot: 1, values: [2, 2]),
    ], xTitle: "category", yTitle: "value (unit)", totalLabels: (1, " u"),
    reference: .init(value: 2.5, label: "reference"))
  let points = PointChart(
    title: "points & lines",
    series: [
      .init(
        name: "line <1>", colour: Palette.colour(2), marker: .triangle,
        points: [.init(x: 0.1, y: 1), .init(x: 0.3, y: 2, label: "p")], connected: true)
    ], xTitle: "x", yTitle: "y")
  let empty = PointChart(title: "empty", series: [], xTitle: "x", yTitle: "y", emptyMessage: "n/a")
  let figure = Figure(
    identifier: "f", title: "A figure", subtitle: "with a subtitle",
    legend: [LegendEntry(name: "shared", colour: Palette.black)], panels: [bars, points, empty],
    columns: 2)
  let svg = try XMLNode.parse(figure.svg())
  #expect(svg.name == "svg" && svg.attributes["id"] == "f")
  #expect(svg.elements("g").filter { $0.attributes["class"] == "panel" }.count == 3)
  let texts = svg.elements("text").map(\.allText)
  #expect(texts.contains("line <1>") && texts.contains("n/a") && texts.contains("4.0 u"))
  // Legend names each series once.
  #expect(texts.filter { $0 == "s1" }.count == 1)
  #expect(svg.elements("polyline").count == 1)
}
