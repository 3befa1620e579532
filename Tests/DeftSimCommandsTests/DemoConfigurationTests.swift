import DeftSimCommands
import Foundation
import Testing
import Training

/// `deft-sim demo` trains exactly what `deft-sim sweep train` trains for a point with the same
/// settings: its defaults are the `peft` and `tile32-l1` points of the SST-2 front spec.
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
    Case(demo: [], point: "tile32-l1"),
    Case(demo: ["--density-loss", "element"], point: "element-l1"),
    Case(demo: ["--density-loss", "int8"], point: "int8-l1"),
    Case(demo: ["--density-loss", "int8", "--density-weight", "0.3"], point: "int8-l0.3"),
    Case(demo: ["--density-loss", "block"], point: "block4-l1"),
    Case(demo: ["--ada", "--density-loss", "none"], point: "ada-p0.2"),
    Case(demo: ["--ada", "--density-loss", "none", "--ada-penalty", "1"], point: "ada-p1"),
    Case(demo: ["--ada", "--density-loss", "none", "--ada-penalty", "0.1"], point: "ada-p0.1"),
  ])
  func demoRunEqualsTheSweepPoint(_ c: Case) throws {
    let sweep = try Self.sweepConfigurations()
    let demo = try Demo.parse(c.demo)
    #expect(try demo.trainingConfiguration(deft: false) == sweep["peft"])
    #expect(try demo.trainingConfiguration(deft: true) == sweep[c.point])
  }

  @Test func defaultsAreTheDocumentedBestPoint() throws {
    let c = try Demo.parse([]).trainingConfiguration(deft: true)
    #expect(c.trainLimit == nil, "batches come from the full train set")
    #expect(c.recipe == .reference)
    let loss = try #require(c.densityLoss)
    #expect(loss.resolvedKind == .tile && loss.tileTokens == 32)
    #expect(loss.weight == 1 && loss.epsilon == 1e-2)
    #expect(c.maxSteps == 900 && c.batchSize == 32 && c.learningRate == 1e-3)
  }

  @Test func noDensityLossNeedsGates() throws {
    #expect(throws: (any Error).self) { try Demo.parse(["--density-loss", "none"]) }
  }
}
