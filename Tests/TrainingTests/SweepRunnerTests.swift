import Foundation
import Testing
import Training

/// The sweep runner's bookkeeping: where a point stands, and that a point which does not
/// finish stops the sweep with its name. (A finished point being skipped is exercised by
/// re-running `sweep train examples/sweeps/ci-tiny.json`: docs/front.md.)
@Suite struct SweepRunnerTests {
  static func plan(_ name: String) -> SweepPlan {
    SweepPlan(
      point: SweepPoint(name: name, settings: [(key: "task", value: .string("sst2"))]),
      configuration: TrainingConfiguration(task: "sst2", peft: .init(method: .lora)))
  }

  @Test func statesAndUnfinishedPoint() throws {
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let fresh = Self.plan("a")
    #expect(try SweepRunner.state(of: fresh, out: out) == .fresh)
    #expect(SweepRunner.runDirectory(out: out, point: fresh.point) == out + "/points/a")
    let partial = Self.plan("b")
    let directory = SweepRunner.runDirectory(out: out, point: partial.point)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try writeFile(directory + "/checkpoint.safetensors", "x")
    #expect(try SweepRunner.state(of: partial, out: out) == .partial)
    var calls: [(String, Bool)] = []
    #expect(throws: SweepError.self) {
      _ = try SweepRunner.run(
        [fresh, partial], out: out,
        train: { plan, _, resume in
          calls.append((plan.point.name, resume))
          return nil
        }, log: { _ in })
    }
    // The first point did not finish: the sweep stops there, naming it.
    #expect(calls.map(\.0) == ["a"] && calls.map(\.1) == [false])
    #expect(SweepRunner.finishedMetrics(runDirectory: directory) == nil)
  }
}
