import Foundation
import Reports
import Testing

/// The cached-front section of a comparison report (`demo`, `report --front`): the front's
/// charts with the report's runs drawn over them, the Pareto, reference and own-run tables; and
/// clear errors for front files that are not fronts.
@Suite struct CachedFrontTests {
  static func front() -> FrontReport {
    func point(_ name: String, _ kind: String, _ acc: Double, _ density: Double, _ s: Double)
      -> FrontPoint
    {
      FrontPoint(
        name: name, settings: "x=1", kind: kind, metric: "accuracy", accuracy: acc,
        zeroDefinition: "int8", density: density, blockDensity: nil, tileDensity: nil,
        blockUnits: 4, tileTokens: 16, skippedBlocks: 0,
        hardware: [
          FrontPoint.Hardware(config: "sparse-npu-block4", speedup: s, energySaving: 0.1),
          FrontPoint.Hardware(config: "edge-npu", speedup: s + 0.3, energySaving: 0.2),
        ], runDirectory: "runs/front/points/\(name)")
    }
    return FrontReport(
      title: "front", toolVersion: "test", spec: "examples/sweeps/x.json",
      command: "deft-sim sweep train examples/sweeps/x.json --out runs/front",
      configs: ["sparse-npu-block4", "edge-npu"],
      points: [
        point("peft-pt", "peft", 88, 75, 0.98), point("tile-pt", "tile", 84, 25, 1.2),
        point("dominated-pt", "block", 82, 30, 1.0),
      ],
      references: [FrontReferencePoint(name: "PyTorch ref", accuracy: 86.7, density: 25.3)])
  }

  static func report() throws -> ComparisonReport {
    var report = try ReportFixture.report()
    report.attachFront(front(), source: "examples/fronts/x.json")
    return report
  }

  @Test func overlayIsTheReportsOwnRuns() throws {
    let report = try Self.report()
    let cached = try #require(report.front)
    #expect(cached.overlay.map(\.name) == ["PEFT", "DEFT"])
    for (t, point) in cached.overlay.enumerated() {
      #expect(point.accuracy == report.traces[t].quality?.valuePercent)
      #expect(point.density == report.run(trace: t, config: 0).density.elementDensity * 100)
      // sparse-npu-block4 is replayed by the report (config 1); edge-npu is not.
      let c = try #require(report.hardware.firstIndex { $0.name == "sparse-npu-block4" })
      #expect(point.hardware.map(\.config) == ["sparse-npu-block4"])
      #expect(point.hardware[0].speedup == report.run(trace: t, config: c).cost.speedupOverDense)
    }
    #expect(cached.paretoPoints.map(\.name) == ["peft-pt", "tile-pt"])
  }

  @Test func htmlHasTheSectionWithChartsAndTables() throws {
    let report = try Self.report()
    let root = try XMLNode.parse(try HTMLReport.render(report))
    let section = try #require(
      root.elements("section").first { $0.attributes["id"] == "section-cached-front" })
    #expect(section.elements("h2").first?.allText == CachedFront.heading)
    let ids = section.elements("svg").compactMap { $0.attributes["id"] }
    #expect(ids == ["cached-front-density", "cached-front-0", "cached-front-1"])
    let allIDs = root.elements("svg").compactMap { $0.attributes["id"] }
    #expect(Set(allIDs).count == allIDs.count)
    let text = section.allText
    for expected in [
      "examples/fronts/x.json", "examples/sweeps/x.json", "peft-pt", "tile-pt", "PyTorch ref",
      FrontOverlayPoint.seriesName, "not replayed",
    ] {
      #expect(text.contains(expected), "\(expected)")
    }
    // The dominated point is drawn (density chart) but not in the Pareto table.
    let tables = section.elements("table")
    #expect(tables.count == 3)
    #expect(!tables[0].allText.contains("dominated-pt"))
    #expect(section.elements("svg")[0].allText.contains("dominated-pt"))
  }

  @Test func markdownTerminalAndJSONCarryTheFront() throws {
    let report = try Self.report()
    let markdown = MarkdownReport.render(report)
    #expect(markdown.contains("## \(CachedFront.heading)"))
    #expect(markdown.contains("| tile-pt |") && markdown.contains("| PyTorch ref |"))
    let terminal = TerminalSummary.render(report)
    let line = try #require(terminal.split(separator: "\n").last)
    #expect(line.hasPrefix("Front (cached sweep, examples/fronts/x.json"))
    #expect(line.contains("tile-pt 84.00 % at 25.00 %") && !line.contains("dominated-pt"))
    let json = try SortedJSON.string(report, what: "test")
    #expect(try JSONDecoder().decode(ComparisonReport.self, from: Data(json.utf8)) == report)
  }

  @Test func withoutAFrontTheNoteIsShown() throws {
    var report = try ReportFixture.report()
    report.frontNote = "Front section omitted: none found."
    #expect(try HTMLReport.render(report).contains("Front section omitted: none found."))
    #expect(MarkdownReport.render(report).contains("Front section omitted: none found."))
    #expect(TerminalSummary.render(report).hasSuffix("Front section omitted: none found."))
  }

  @Test func theCommittedCachedFrontLoads() throws {
    let path = ReportFixture.repoRoot.appendingPathComponent("examples/fronts/sst2-front.json")
    let front = try FrontReport.load(path: path.path)
    #expect(!front.points.isEmpty && !front.configs.isEmpty)
    #expect(front.spec == "examples/sweeps/sst2-front.json")
    #expect(!front.command.contains("/work/") && !front.command.contains("--model"))
    #expect(front.points.allSatisfy { !$0.runDirectory.hasPrefix("/") })
  }

  struct Malformed: CustomStringConvertible, Sendable {
    var json: String
    var expected: [String]
    var description: String { expected.joined(separator: ", ") }
  }

  static let goodPoint = """
    {"name": "p", "settings": "", "kind": "peft", "metric": "accuracy", "accuracy": 87.0,
     "zeroDefinition": "int8", "density": 75.0, "skippedBlocks": 0, "pareto": true,
     "runDirectory": "runs/x/points/p",
     "hardware": [{"config": "sparse-npu", "speedup": 1.0, "energySaving": 0.0, "pareto": true}]}
    """

  @Test(arguments: [
    Malformed(json: "{not json", expected: ["not valid JSON"]),
    Malformed(
      json: """
        {"title": "t", "toolVersion": "v", "spec": "s", "command": "c", "configs": ["sparse-npu"],
         "references": [], "points": [\(goodPoint), {"name": "q"}]}
        """, expected: ["missing key 'settings'", "points[1]"]),
    Malformed(
      json: """
        {"title": "t", "toolVersion": "v", "spec": "s", "command": "c", "configs": ["edge-npu"],
         "references": [], "points": [\(goodPoint)]}
        """, expected: ["points[0].hardware", "edge-npu"]),
    Malformed(
      json: """
        {"title": "t", "toolVersion": "v", "spec": "s", "command": "c", "configs": ["sparse-npu"],
         "references": [{"name": "r", "accuracy": "high", "density": 1}], "points": [\(goodPoint)]}
        """, expected: ["expected Double", "references[0].accuracy"]),
    Malformed(json: #"{"title": "t"}"#, expected: ["missing key", "at the top level"]),
  ])
  func malformedFrontFilesNameFileAndKey(_ c: Malformed) throws {
    let path = NSTemporaryDirectory() + "deft-sim-front-\(UUID().uuidString).json"
    try Data(c.json.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try FrontReport.load(path: path)
    } throws: { error in
      guard let error = error as? FrontFileError, case .malformed = error else { return false }
      let text = error.description
      return text.contains(path) && c.expected.allSatisfy(text.contains)
    }
  }

  @Test func missingFrontFileSaysSo() {
    #expect(throws: FrontFileError.missing(path: "/no/such/front.json")) {
      try FrontReport.load(path: "/no/such/front.json")
    }
  }
}
