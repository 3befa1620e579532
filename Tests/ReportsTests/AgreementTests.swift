import Foundation
import Reports
import Testing

/// The same numbers in results.json, results.csv, report.md and report.html (within the
/// decimals each shows).
@Suite struct AgreementTests {
  let bundle: ReportBundle
  let runs: [[String: Any]]

  init() throws {
    bundle = try ReportBundle(try ReportFixture.report())
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(bundle.json.utf8)) as? [String: Any])
    #expect(json["formatVersion"] as? Int == ComparisonReport.currentFormatVersion)
    // A missing key must fail the suite, not leave nothing to compare.
    runs = try #require(json["runs"] as? [[String: Any]], "results.json has no runs array")
    try #require(!runs.isEmpty, "results.json has no runs")
  }

  /// The layers of a JSON run; a run without them fails the test.
  func jsonLayers(_ run: [String: Any]) throws -> [[String: Any]] {
    let layers = try #require(run["layers"] as? [[String: Any]], "a run has no layers array")
    try #require(!layers.isEmpty, "a run has no layers")
    return layers
  }

  /// The JSON figures of a run, keyed like the table columns.
  func expected(_ run: [String: Any]) -> [String: Double] {
    guard let run = run["cost"] as? [String: Any] else {
      Issue.record("a run has no cost object")
      return [:]
    }
    return [
      "cycles": run["cycles"] as? Double ?? .nan,
      "dense cycles": run["denseCycles"] as? Double ?? .nan,
      "latency (µs)": run["latencyMicroseconds"] as? Double ?? .nan,
      "energy (µJ)": run["energyMicrojoules"] as? Double ?? .nan,
      "dense energy (µJ)": run["denseEnergyMicrojoules"] as? Double ?? .nan,
      "speedup over dense (×)": run["speedupOverDense"] as? Double ?? .nan,
      "energy saving (%)": (run["energySaving"] as? Double ?? .nan) * 100,
    ]
  }

  /// Checks `row` (cells by column title) against the JSON run with ½ unit of the last digit.
  func check(_ row: [String: String], against run: [String: Any], source: String) {
    for (column, value) in expected(run) {
      guard let cell = row[column], let shown = Double(cell) else {
        Issue.record("\(source): no number in column \(column): \(row)")
        continue
      }
      let decimals = cell.split(separator: ".").dropFirst().first?.count ?? 0
      let tolerance = 0.5 * pow(10, -Double(decimals)) + 1e-9
      #expect(abs(shown - value) <= tolerance, "\(source) \(column): \(cell) vs \(value)")
    }
  }

  @Test func markdownMatrixAgreesWithJSON() throws {
    let lines = bundle.markdown.split(separator: "\n").map(String.init)
    let headerIndex = try #require(
      lines.firstIndex { $0.hasPrefix("| trace | config | zero handling") })
    let titles = cells(lines[headerIndex])
    for (offset, run) in runs.enumerated() {
      let row = Dictionary(
        uniqueKeysWithValues: zip(titles, cells(lines[headerIndex + 2 + offset])))
      #expect(row["trace"] == run["traceLabel"] as? String)
      #expect(row["config"] == run["configName"] as? String)
      check(row, against: run, source: "report.md")
    }
  }

  @Test func markdownLayerTableAgreesWithJSON() throws {
    let lines = bundle.markdown.split(separator: "\n").map(String.init)
    let headerIndex = try #require(
      lines.firstIndex { $0.hasPrefix("| trace | config | layer | element density") })
    let titles = cells(lines[headerIndex])
    var offset = headerIndex + 2
    for run in runs {
      for layer in try jsonLayers(run) {
        let row = Dictionary(uniqueKeysWithValues: zip(titles, cells(lines[offset])))
        #expect(row["layer"] == "\(layer["layer"] as? Int ?? -1)")
        check(row, against: layer, source: "report.md layer")
        offset += 1
      }
    }
  }

  @Test func htmlMatrixAgreesWithJSON() throws {
    let root = try XMLNode.parse(bundle.html)
    let table = try #require(
      root.elements("table").first {
        $0.elements("caption").first?.allText.hasPrefix("Every trace") == true
      })
    let titles = table.elements("th").map(\.allText)
    let rows = table.elements("tr").map { $0.elements("td").map(\.allText) }.filter { !$0.isEmpty }
    #expect(rows.count == runs.count)
    for (cellsOfRow, run) in zip(rows, runs) {
      check(
        Dictionary(uniqueKeysWithValues: zip(titles, cellsOfRow)), against: run,
        source: "report.html")
    }
  }

  @Test func csvTotalsAndLayersAgreeWithJSON() throws {
    let lines = bundle.csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let titles = try #require(lines.first)
    let records = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(titles, $0)) }
    let totals = records.filter { $0["scope"] == "total" }
    #expect(totals.count == runs.count)
    for (total, run) in zip(totals, runs) {
      check(
        [
          "cycles": total["cycles"] ?? "", "dense cycles": total["dense_cycles"] ?? "",
          "latency (µs)": total["latency_us"] ?? "", "energy (µJ)": total["energy_uj"] ?? "",
          "dense energy (µJ)": total["dense_energy_uj"] ?? "",
          "speedup over dense (×)": total["speedup_over_dense"] ?? "",
          "energy saving (%)": (Double(total["energy_saving"] ?? "").map { String($0 * 100) })
            ?? "",
        ], against: run, source: "results.csv")
      let layers = try jsonLayers(run)
      let layerRows = records.filter {
        $0["scope"] == "layer" && $0["trace"] == total["trace"] && $0["config"] == total["config"]
      }
      #expect(layerRows.count == layers.count)
      for (row, layer) in zip(layerRows, layers) {
        #expect(Int(row["cycles"] ?? "") == (layer["cost"] as? [String: Any])?["cycles"] as? Int)
        let density = (layer["density"] as? [String: Any])?["elementDensity"] as? Double ?? .nan
        #expect(abs((Double(row["element_density"] ?? "") ?? .nan) - density) <= 5e-7)
      }
      // Layers add up to the total.
      #expect(
        layerRows.compactMap { Int($0["cycles"] ?? "") }.reduce(0, +) == Int(total["cycles"] ?? ""))
    }
  }

  @Test func summariesAgreeWithTheSimulationResults() throws {
    let report = try ReportFixture.report()
    for (run, result) in zip(report.runs, report.results) {
      #expect(run.cost.cycles == result.total.counts.totalCycles)
      #expect(run.cost.energyMicrojoules == result.total.energyMicrojoules)
      #expect(run.cost.speedupOverDense == result.speedup)
      for layer in run.layers {
        #expect(layer.cyclesByComponent.map(\.value).reduce(0, +) == Double(layer.cost.cycles))
        let energyPJ = layer.energyPJByComponent.map(\.value).reduce(0, +)
        #expect(abs(energyPJ / 1e6 - layer.cost.energyMicrojoules) <= 1e-9 * max(1, energyPJ))
      }
    }
  }

  private func cells(_ line: String) -> [String] {
    line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
      .map { $0.trimmingCharacters(in: .whitespaces) }
  }
}
