import Foundation
import Testing

/// The simulator commands of the built binary: good runs, and bad input as one `Error:` line with
/// exit 1 (argument problems exit 64).
@Suite(.serialized) struct SimulatorCommandTests {
  let work: URL

  init() throws {
    work = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-simcli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  func synth(_ name: String, density: Double) throws -> String {
    let path = work.appendingPathComponent(name).path
    let r = try BuiltBinary.run(
      shell: "trace synth --sequences 6 --tokens 5-9 --density \(density) --seed 3 --out '\(path)'")
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func shippedConfigsValidate() throws {
    let r = try BuiltBinary.run(shell: "hw validate hwconfigs/*.json")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.split(separator: "\n").count >= 6)
  }

  @Test func malformedConfigNamesFileAndKey() throws {
    let bad = work.appendingPathComponent("bad.json")
    let good = try String(
      contentsOf: BuiltBinary.repoRoot.appendingPathComponent("hwconfigs/sparse-npu.json"),
      encoding: .utf8)
    try good.replacingOccurrences(of: "\"clockGHz\"", with: "\"clockGhz\"")
      .write(to: bad, atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(shell: "hw validate '\(bad.path)'")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("Error: "))
    #expect(r.stderr.contains("bad.json") && r.stderr.contains("clockGhz"), "\(r.stderr)")
  }

  @Test func replaySparserTraceIsFasterOnSkippingHardware() throws {
    let dense = try synth("d.zst", density: 0.9)
    let sparse = try synth("s.zst", density: 0.2)
    func cycles(_ trace: String) throws -> Double {
      let r = try BuiltBinary.run(shell: "replay '\(trace)' --hw hwconfigs/sparse-npu.json --csv")
      #expect(r.status == 0, "\(r.stderr)")
      let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",") }
      let header = try #require(lines.first)
      let column = try #require(header.firstIndex { $0 == "cycles" })
      let total = try #require(lines.first { $0.first == "total" })
      return Double(total[column]) ?? .nan
    }
    #expect(try cycles(sparse) < cycles(dense))
  }

  @Test func compareWritesMatrix() throws {
    let trace = try synth("c.zst", density: 0.3)
    let csv = work.appendingPathComponent("m.csv").path
    let r = try BuiltBinary.run(
      shell: "compare --trace '\(trace)' --hw hwconfigs/dense-npu.json "
        + "--hw hwconfigs/sparse-npu.json --csv '\(csv)'")
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 3)
  }

  @Test func missingTraceIsOneErrorLine() throws {
    let r = try BuiltBinary.run(shell: "replay /nonexistent.zst --hw hwconfigs/sparse-npu.json")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("Error: ") && r.stderr.contains("/nonexistent.zst"))
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
  }

  @Test func missingHardwareOptionIsUsageError() throws {
    let trace = try synth("u.zst", density: 0.3)
    let r = try BuiltBinary.run(shell: "replay '\(trace)'")
    #expect(r.status == 64, "\(r.stderr)")
  }
}
