import Foundation
import Reports
import Testing

/// The accuracy–density–speedup front: Pareto marking and its renderings.
@Suite struct FrontReportTests {
  @Test func paretoOptimalPoints() {
    // (accuracy, density): b dominates d; a, b, c are optimal; e equals b.
    let benefit = [90.0, 88.0, 85.0, 87.0, 88.0]
    let cost = [75.0, 40.0, 20.0, 45.0, 40.0]
    #expect(ParetoFront.optimal(benefit: benefit, cost: cost) == [true, true, true, false, true])
    #expect(ParetoFront.optimal(benefit: [], cost: []) == [])
  }

  static func point(_ name: String, _ kind: String, _ acc: Double, _ density: Double, _ s: Double)
    -> FrontPoint
  {
    FrontPoint(
      name: name, settings: "x=1", kind: kind, metric: "accuracy", accuracy: acc,
      zeroDefinition: "int8", density: density, blockDensity: density + 10,
      tileDensity: density + 20, blockUnits: 4, tileTokens: 16, skippedBlocks: 0,
      hardware: [FrontPoint.Hardware(config: "sparse-npu", speedup: s, energySaving: 0.1)],
      runDirectory: "out/points/\(name)")
  }

  @Test func reportMarksFrontsAndRenders() throws {
    let report = FrontReport(
      title: "front", toolVersion: "test", spec: "spec.json", command: "deft-sim sweep train",
      configs: ["sparse-npu"],
      points: [
        Self.point("peft", "peft", 88, 75, 1.1), Self.point("el", "element", 86, 25, 2.0),
        Self.point("bad", "tile", 85, 30, 1.5),
      ],
      references: [FrontReferencePoint(name: "PyTorch", accuracy: 86.7, density: 25.3)])
    #expect(report.points.map(\.pareto) == [true, true, false])
    #expect(report.points.map { $0.hardware[0].pareto } == [true, true, false])
    let csv = report.csv()
    #expect(csv.split(separator: "\n").count == 4)
    #expect(csv.contains("speedup sparse-npu"))
    let json = try report.json()
    let decoded = try JSONDecoder().decode(FrontReport.self, from: Data(json.utf8))
    #expect(decoded == report)
    let html = report.html()
    #expect(html.contains("id=\"front-density\""))
    #expect(html.contains("id=\"front-0\""))
    #expect(html.contains("PyTorch"))
    _ = try XMLNode.parse(html)
  }

  /// An ADA-DEFT point that skips every MLP block gains nothing over the same hardware without
  /// zero handling (both skip the blocks), but runs faster than the PEFT point: the front is
  /// drawn and marked against the speedup over PEFT when the sweep has a PEFT point.
  @Test func speedupOverPEFTDrawsSkippedBlocks() throws {
    func point(_ name: String, _ kind: String, _ acc: Double, speedup: Double, cycles: Int)
      -> FrontPoint
    {
      FrontPoint(
        name: name, settings: "", kind: kind, metric: "accuracy", accuracy: acc,
        zeroDefinition: "int8", density: 50, blockDensity: nil, tileDensity: nil,
        blockUnits: nil, tileTokens: nil, skippedBlocks: kind == "ada" ? 6 : 0,
        hardware: [
          FrontPoint.Hardware(
            config: "npu", speedup: speedup, energySaving: 0, cycles: cycles,
            energyMicrojoules: Double(cycles) / 10)
        ], runDirectory: "")
    }
    let report = FrontReport(
      title: "t", toolVersion: "test", spec: "s", command: "c", configs: ["npu"],
      points: [
        point("peft", "peft", 88, speedup: 1.0, cycles: 1000),
        point("deft", "element", 86, speedup: 1.25, cycles: 800),
        point("ada", "ada", 87, speedup: 1.0, cycles: 500),
      ], references: [])
    let h = report.points.map { $0.hardware[0] }
    #expect(h.map(\.speedupOverPEFT) == [1.0, 1.25, 2.0])
    let savings = h.compactMap(\.energySavingOverPEFT)
    #expect(savings.count == 3)
    #expect(zip(savings, [0.0, 0.2, 0.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    // Against the dense-twin speedup `deft` (1.25) would dominate `ada` (1.0); over PEFT, `ada`
    // (2.0 at 87 %) dominates `deft`.
    #expect(h.map(\.pareto) == [true, false, true])
    #expect(report.csv().contains("speedup over peft npu"))
    #expect(report.html().contains("Against the PEFT point"))
    let legacy = FrontPoint.Hardware(config: "npu", speedup: 1.5, energySaving: 0)
    #expect(legacy.frontSpeedup == 1.5)
  }
}
