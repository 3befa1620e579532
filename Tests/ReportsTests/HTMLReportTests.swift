import Foundation
import Reports
import Testing

/// report.html is well-formed XML, self-contained, and has one chart per chart section.
@Suite struct HTMLReportTests {
  let report: ComparisonReport
  let html: String
  let root: XMLNode

  init() throws {
    report = try ReportFixture.report()
    html = try HTMLReport.render(report)
    root = try XMLNode.parse(html)
  }

  @Test func parsesAsXMLWithOneChartPerSection() throws {
    let sections = root.elements("section").filter { $0.attributes["class"] == "chart-section" }
    // density, speedup, accuracy, speedup vs density, and per-layer cost per config.
    #expect(sections.count == 4 + report.hardware.count)
    for section in sections {
      let charts = section.elements("svg")
      #expect(charts.count == 1, "section \(section.attributes["id"] ?? "?")")
      #expect(charts.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
      #expect(section.elements("h2").count == 1)
    }
    #expect(root.elements("svg").count == sections.count)
    let ids = root.elements("svg").compactMap { $0.attributes["id"] }
    #expect(Set(ids).count == ids.count)
  }

  @Test func selfContained() {
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("src="))
    // The only URLs are XML namespace names.
    let urls = html.components(separatedBy: "http").count - 1
    let namespaces = html.components(separatedBy: "xmlns=\"http").count - 1
    #expect(urls == namespaces)
  }

  @Test func headersAndConfigsAreCollapsedAndReproduceIsThere() {
    let summaries = root.elements("details").compactMap { $0.elements("summary").first?.allText }
    #expect(summaries.contains("Trace header: PEFT (peft.trace)"))
    #expect(summaries.contains("Trace header: DEFT (deft.trace)"))
    for config in report.hardware {
      #expect(summaries.contains("Hardware config (resolved): \(config.name)"))
    }
    let reproduce = root.elements("section").first { $0.attributes["id"] == "reproduce" }
    #expect(reproduce?.allText.contains("deft-sim report --peft runs/peft.trace") == true)
  }

  @Test func everyChartHasReadableLabelsWithUnits() {
    for svg in root.elements("svg") {
      let texts = svg.elements("text").map(\.allText)
      #expect(!texts.isEmpty)
      // Every text is at least 10 user units high (the screenshot check relies on this too).
      for text in svg.elements("text") {
        #expect(Double(text.attributes["font-size"] ?? "0") ?? 0 >= 10)
      }
      #expect(svg.elements("title").first?.allText.isEmpty == false)
    }
    let allText = root.allText
    for label in [
      "density (fraction non-zero)", "speedup (×)", "energy saving (%)", "cycles", "energy (µJ)",
      "accuracy (%)", "zero definition exact",
    ] {
      #expect(allText.contains(label), "\(label)")
    }
  }

  @Test func missingAccuracyShowsNotAvailable() throws {
    let plain = try ReportFixture.report(withAccuracy: false)
    let page = try XMLNode.parse(try HTMLReport.render(plain))
    let quality = page.elements("svg").first { $0.attributes["id"] == "chart-quality" }
    #expect(quality?.allText.contains("n/a: no trace header records a task metric") == true)
    #expect(MarkdownReport.render(plain).contains("| all | accuracy (%) | n/a | n/a | n/a |"))
  }
}
