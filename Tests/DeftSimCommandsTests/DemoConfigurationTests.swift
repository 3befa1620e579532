import DeftSimCommands
import Foundation
import Testing
import Training

/// `deft-sim demo` trains exactly what `deft-sim sweep train` trains for a point with the same
/// settings: its defaults are the `peft` and `ada-p0.1` points of the SST-2 front spec.
@Suite struct DemoConfigurationTests {
  static func sweepConfigurations() throws -> [String: TrainingConfiguration] {
    let path = BuiltBinary.repoRoot.appendingPathComponent("examples/sweeps/sst2-front.json").path
    let spec = try Training.SweepSpec(path: path, allowedSettings: SweepTrain.allowedSettings)
    let plans = try SweepTrain.plans(spec, threads: nil, out: "/tmp/deft-sim-unused")
    return Dictionary(uniqueKeysWithValues: plans.map { ($0.point.name, $0.configuration) })
  }

  struct Case: CustomStringConvertible, Sendable {
    var demo: [String]
    var point: String
    var description: String { "demo \(demo.joined(separator: " ")) = \(point)" }
  }

  @Test(arguments: [
    Case(demo: [], point: "ada-p0.1"),
    Case(demo: ["--ada", "--density-loss", "none", "--ada-penalty", "0.1"], point: "ada-p0.1"),
    Case(demo: ["--ada-penalty", "0.2"], point: "ada-p0.2"),
    Case(demo: ["--ada-penalty", "1"], point: "ada-p1"),
    Case(
      demo: ["--density-loss", "tile", "--density-weight", "0.5"], point: "ada-p0.1-tile32-l0.5"),
    Case(
      demo: ["--density-loss", "element", "--density-weight", "0.5"], point: "ada-p0.1-element-l0.5"
    ),
    Case(demo: ["--no-ada", "--density-loss", "tile"], point: "tile32-l1"),
    Case(demo: ["--no-ada", "--density-loss", "element"], point: "element-l1"),
    Case(demo: ["--no-ada", "--density-loss", "int8"], point: "int8-l1"),
    Case(
      demo: ["--no-ada", "--density-loss", "int8", "--density-weight", "0.3"], point: "int8-l0.3"),
    Case(demo: ["--no-ada", "--density-loss", "block"], point: "block4-l1"),
  ])
  func demoRunEqualsTheSweepPoint(_ c: Case) throws {
    let sweep = try Self.sweepConfigurations()
    let demo = try Demo.parse(c.demo)
    #expect(try demo.trainingConfiguration(deft: false) == sweep["peft"])
    #expect(try demo.trainingConfiguration(deft: true) == sweep[c.point])
  }

  /// The documented best point (docs/front.md, DemoDefaults): ADA-DEFT gates alone at penalty
  /// 0.1 (`ada-p0.1`: 88.30 % at int8 density 31.46 % vs PEFT 87.27 % at 74.98 %, 900 steps).
  /// It replaced `tile32-l1` (83.14 % at 25.5 %), which this test asserted before.
  @Test func defaultsAreTheDocumentedBestPoint() throws {
    let c = try Demo.parse([]).trainingConfiguration(deft: true)
    #expect(c.trainLimit == nil, "batches come from the full train set")
    #expect(c.recipe == .reference)
    #expect(c.densityLoss == nil, "the gates alone, no density loss")
    let gates = try #require(c.peft.ada)
    #expect(gates.penaltyWeight == 0.1 && gates.gateLearningRate == 0.05)
    #expect(c.maxSteps == 900 && c.batchSize == 32 && c.learningRate == 1e-3)
    #expect(try Demo.parse([]).trainingConfiguration(deft: false).peft.ada == nil)
  }

  @Test func noDensityLossNeedsGates() throws {
    #expect(throws: (any Error).self) { try Demo.parse(["--no-ada"]) }
    #expect(throws: (any Error).self) { try Demo.parse(["--no-ada", "--density-loss", "none"]) }
    _ = try Demo.parse(["--density-loss", "none"])
  }
}
