import Foundation
import Testing
import Training

/// Sweep specs: grid expansion and naming, and clear errors for bad specs.
@Suite struct SweepSpecTests {
  static let allowed = ["task", "max-steps", "density-loss", "density-weight", "deft", "lr"]

  static func spec(_ json: String) throws(SweepError) -> SweepSpec {
    try SweepSpec(json: Data(json.utf8), path: "spec.json", allowedSettings: allowed)
  }

  @Test func gridExpandsInOrderWithNames() throws {
    let s = try Self.spec(
      """
      {"base": {"task": "sst2", "max-steps": 10},
       "points": [{"name": "peft"},
                  {"name": "el", "density-loss": "element", "density-weight": [0.3, 1], "lr": [0.001, 0.0003]},
                  {"deft": true, "max-steps": 20}],
       "hwconfigs": ["hwconfigs/sparse-npu.json"],
       "reference": [{"name": "r", "accuracy": 88.5, "density": 67.3}]}
      """)
    let points = try s.points()
    #expect(
      points.map(\.name) == [
        "peft", "el-weight=0.3-lr=0.001", "el-weight=0.3-lr=0.0003", "el-weight=1-lr=0.001",
        "el-weight=1-lr=0.0003", "point3",
      ])
    #expect(points[0].arguments == ["--max-steps", "10", "--task", "sst2"])
    #expect(
      points[1].arguments == [
        "--density-loss", "element", "--density-weight", "0.3", "--lr", "0.001", "--max-steps",
        "10", "--task", "sst2",
      ])
    #expect(points[5].arguments == ["--deft", "--max-steps", "20", "--task", "sst2"])
    #expect(points[5].groupSummary == "deft=true max-steps=20")
    #expect(points[0].groupSummary == "base settings")
    #expect(s.references == [SweepReferencePoint(name: "r", accuracy: 88.5, density: 67.3)])
    #expect(s.batchSequences == 32)
  }

  struct Bad: CustomStringConvertible, Sendable {
    var json: String
    var message: String
    var description: String { message }
  }

  @Test(arguments: [
    Bad(
      json: #"{"points": [{"name": "a"}], "grid": []}"#, message: "top level: unknown key 'grid'"),
    Bad(
      json: #"{"base": {"max_steps": 3}, "points": [{}]}"#, message: "base: unknown key 'max_steps'"
    ),
    Bad(json: #"{"points": [{"lamda": 1}]}"#, message: "points[0]: unknown key 'lamda'"),
    Bad(json: #"{"points": []}"#, message: "the grid is empty"),
    Bad(json: #"{"base": {}}"#, message: "the grid is empty"),
    Bad(json: #"{"points": [{"lr": []}]}"#, message: "'lr' is an empty list"),
    Bad(json: #"{"points": [{"name": "a"}, {"name": "a"}]}"#, message: "two points are named 'a'"),
    Bad(json: #"{"points": [{"name": "../x"}]}"#, message: "'name' expected one string"),
    Bad(json: #"{"points": [{"lr": {"x": 1}}]}"#, message: "points"),
    Bad(json: "[1, 2]", message: "spec.json"),
    Bad(json: #"{"points": [{}], "batch-sequences": 0}"#, message: "batch-sequences"),
  ])
  func badSpecsNameTheProblem(_ c: Bad) {
    do {
      _ = try Self.spec(c.json).points()
      Issue.record("accepted: \(c.json)")
    } catch {
      #expect(error.description.contains(c.message), "\(error.description)")
      #expect(error.description.hasPrefix("spec.json"), "\(error.description)")
    }
  }

  @Test func numbersBecomeArguments() {
    #expect(SweepValue.number(1).description == "1")
    #expect(SweepValue.number(1e-7).description == "1e-07")
    #expect(SweepValue.number(0.01).description == "0.01")
    #expect(SweepValue.flag(false).arguments(key: "deft") == [])
    #expect(SweepValue.flag(true).arguments(key: "deft") == ["--deft"])
  }
}
