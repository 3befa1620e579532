import Foundation
import Simulator
import Sweep
import Testing

/// `deft-sim sweep run` on a malformed spec (the built binary): one error listing every problem,
/// exit status 1, nothing written.
@Test func malformedSweepSpecIsOneErrorWithExitStatus1() throws {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("sweep-cli-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let base = BuiltBinary.repoRoot.appendingPathComponent("hwconfigs/sparse-npu.json").path
  let spec = directory + "/spec.json"
  try """
  {"formatVersion": 1, "name": "bad", "base": "\(base)",
   "axes": [{"key": "peArray.rowz", "values": [16]}, {"key": "clockGHz", "values": []},
            {"key": "dramBytesPerCycle", "values": ["fast"]}],
   "traces": ["none.trace"], "constraints": [{"metric": "power", "max": 1}]}
  """.write(toFile: spec, atomically: true, encoding: .utf8)
  let result = try BuiltBinary.run(shell: "sweep run '\(spec)' --out '\(directory)/out'")
  #expect(result.status == 1)
  let message = result.stderr
  #expect(message.hasPrefix("Error: \(spec): invalid sweep spec (5 problems)"))
  for part in [
    "axes[0].key': unknown key path", "axes[1].values': empty axis",
    "axes[2].values[0]': wrong type", "traces[0]': no such file",
    "constraints[0].metric': unknown metric",
  ] {
    #expect(message.contains(part), "\(part)")
  }
  #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
}

/// A sweep over a version-2 (decoder) trace made by `trace synth --arch llama`: replay classes
/// give each point the figures of its own replay.
@Test func decoderTraceSweepsLikeItsOwnReplays() throws {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("sweep-v2-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let synth = try BuiltBinary.run(
    shell: "trace synth --arch llama --layers 2 --hidden 256 --intermediate 512 --heads 4 "
      + "--sequences 5 --prompt-tokens 6-10 --decode-tokens 3 --density 0.3 "
      + "--out '\(directory)/llama.trace'")
  #expect(synth.status == 0, "\(synth.stderr)")
  let base = BuiltBinary.repoRoot.appendingPathComponent("hwconfigs/sparse-npu.json").path
  let spec = try SweepSpec.decode(
    json: Data(
      """
      {"formatVersion": 1, "name": "v2", "base": "\(base)",
       "axes": [{"key": "dramBytesPerCycle", "values": [8, 64]},
                {"key": "clockGHz", "values": [1, 2]},
                {"key": "workload.batchSequences", "values": [1, 3]}],
       "traces": ["llama.trace"]}
      """.utf8), file: "v2.json", directory: directory)
  let summary = try SweepRunner(
    spec: spec, shard: ShardSelection(index: 0, count: 1, source: "test"),
    outDirectory: directory + "/out", threads: 2
  ).run()
  #expect(summary.points == 8 && summary.replayClasses == 4)
  let sweep = try MergedSweep.load(directory: directory + "/out")
  let grid = SweepGrid(spec: spec)
  for row in sweep.rows {
    guard case .success(let point) = grid.point(at: row.point) else {
      Issue.record("point \(row.point) invalid")
      continue
    }
    let own = try TraceReplay.replay(
      path: directory + "/llama.trace", configs: [point.config], options: point.options)[0]
    #expect(SweepMetrics(own) == row.metrics, "point \(row.point)")
  }
}
