import Foundation
import Testing

/// `sweep train` of the built binary: bad specs are usage errors (exit 64) naming the file, the
/// point and the problem, before anything trains; `--dry-run` lists the points.
@Suite(.serialized) struct SweepTrainCommandTests {
  static func write(_ json: String) throws -> String {
    let path = NSTemporaryDirectory() + "deft-sim-sweep-\(UUID().uuidString).json"
    try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  struct Bad: CustomStringConvertible, Sendable {
    var json: String
    var message: String
    var description: String { message }
  }

  @Test(arguments: [
    Bad(json: #"{"points": [{"lamda": 1}]}"#, message: "unknown key 'lamda'"),
    Bad(json: #"{"points": []}"#, message: "the grid is empty"),
    Bad(
      json: #"{"points": [{"name": "a", "density-loss": "elementt"}]}"#,
      message: "point 'a' cannot run: --density-loss 'elementt'"),
    Bad(
      json: #"{"points": [{"name": "b", "density-weight": -1, "deft": true}]}"#,
      message: "point 'b' cannot run"),
    Bad(
      json: #"{"points": [{"name": "c", "method": "lorra"}, {"name": "d", "max-steps": 0}]}"#,
      message: "point 'd' cannot run"),
    Bad(json: #"{"points": [{}], "hwconfigs": ["no/such.json"]}"#, message: "no/such.json"),
  ])
  func badSpecsAreUsageErrorsBeforeTraining(_ c: Bad) throws {
    let spec = try Self.write(c.json)
    defer { try? FileManager.default.removeItem(atPath: spec) }
    let out = NSTemporaryDirectory() + "deft-sim-sweep-out-\(UUID().uuidString)"
    let r = try BuiltBinary.run(shell: "sweep train '\(spec)' --out '\(out)'")
    #expect(r.status == 64, "\(c): status \(r.status), \(r.stderr)")
    #expect(r.stderr.contains(c.message), "\(c): \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out), "nothing may be written")
  }

  @Test func dryRunListsTheCIPoints() throws {
    let r = try BuiltBinary.run(
      shell: "sweep train examples/sweeps/ci-tiny.json --out /tmp/x --dry-run")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("5 points; hardware: sparse-npu, edge-npu"), "\(r.stdout)")
  }

  /// Every training sweep the repository ships (the specs docs/front.md quotes) parses, names
  /// only known keys and passes every point's checks.
  @Test(arguments: ["ci-tiny", "sst2-front", "sst2-front-2ep"])
  func shippedSpecsDryRun(_ name: String) throws {
    let r = try BuiltBinary.run(
      shell: "sweep train examples/sweeps/\(name).json --out /tmp/deft-sim-dry-\(name) --dry-run")
    #expect(r.status == 0, "\(name): \(r.stderr)")
    #expect(r.stdout.contains("points; hardware: sparse-npu, edge-npu"), "\(r.stdout)")
  }
}
