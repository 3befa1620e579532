import Foundation
import Simulator
import Sweep
import Testing

/// Shards, resume, merge and the replay classes, on small synthetic traces.
struct SweepRunTests {
  func spec(_ f: SweepFixtures) throws -> SweepSpec {
    try f.trace("peft.trace", density: 0.4, seed: 1, deft: false)
    try f.trace("deft.trace", density: 0.2, seed: 2, deft: true)
    return try f.decode(
      """
      {"formatVersion": 1, "name": "t", "base": "\(SweepFixtures.sparseNPU)",
       "axes": [
         {"keys": ["peArray.rows", "peArray.columns", "zeroHandling.lanes"],
          "values": [[8, 8, 8], [16, 16, 16]]},
         {"key": "dramBytesPerCycle", "values": [4, 64]},
         {"key": "clockGHz", "values": [1, 2.5]},
         {"key": "energy.staticPowerMW", "values": [0, 50]},
         {"key": "workload.batchSequences", "values": [1, 4]}
       ],
       "traces": ["peft.trace", "deft.trace"],
       "constraints": [{"metric": "latencyMicroseconds", "max": 400}]}
      """)
  }

  func run(_ spec: SweepSpec, _ directory: String, shard: Int, of count: Int) throws
    -> SweepRunner.Summary
  {
    try SweepRunner(
      spec: spec, shard: ShardSelection(index: shard, count: count, source: "test"),
      outDirectory: directory, threads: 2
    ).run()
  }

  func merged(_ directory: String) throws -> [String: [UInt8]] {
    let files = try SweepOutput.files(try MergedSweep.load(directory: directory))
    return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.bytes) })
  }

  @Test func sharedReplaysGiveTheFiguresOfOwnReplays() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    let summary = try run(spec, f.directory + "/one", shard: 0, of: 1)
    #expect(summary.points == 32 && summary.replayClasses == 8)
    let sweep = try MergedSweep.load(directory: f.directory + "/one")
    let grid = SweepGrid(spec: spec)
    for row in sweep.rows {
      guard case .success(let point) = grid.point(at: row.point) else {
        Issue.record("point \(row.point) invalid")
        continue
      }
      let own = try TraceReplay.replay(
        path: spec.traces[row.trace].resolvedPath, configs: [point.config],
        options: point.options)[0]
      #expect(SweepMetrics(own) == row.metrics, "point \(row.point) trace \(row.trace)")
      #expect(row.feasible == (own.total.latencyMicroseconds <= 400))
    }
    #expect(sweep.pairs.count == 1)
  }

  @Test func shardedMergeEqualsOneProcessByteForByte() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    _ = try run(spec, f.directory + "/one", shard: 0, of: 1)
    for i in [2, 0, 1] { _ = try run(spec, f.directory + "/three", shard: i, of: 3) }
    let one = try merged(f.directory + "/one")
    let three = try merged(f.directory + "/three")
    #expect(one.keys.sorted() == ["pareto.csv", "report.html", "sweep.csv", "sweep.json"])
    #expect(one == three)
  }

  @Test func passesOfFewerReplaysGiveTheSameBytes() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    let whole = try run(spec, f.directory + "/whole", shard: 0, of: 1)
    var runner = SweepRunner(
      spec: spec, shard: ShardSelection(index: 0, count: 1, source: "test"),
      outDirectory: f.directory + "/passes", threads: 2)
    runner.maxReplaysPerPass = 3
    runner.chunkRecords = 5
    _ = try runner.run()
    let a = FileManager.default.contents(atPath: whole.path)
    #expect(a != nil && a == FileManager.default.contents(atPath: runner.shardPath))
  }

  @Test func resumedShardWritesTheSameBytes() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    let whole = try run(spec, f.directory + "/whole", shard: 1, of: 2)
    var killed = SweepRunner(
      spec: spec, shard: ShardSelection(index: 1, count: 2, source: "test"),
      outDirectory: f.directory + "/resumed", threads: 1)
    killed.stopAfterTraces = 1
    _ = try killed.run()
    #expect(!FileManager.default.fileExists(atPath: killed.shardPath))
    killed.stopAfterTraces = nil
    _ = try killed.run()
    let a = FileManager.default.contents(atPath: whole.path)
    let b = FileManager.default.contents(atPath: killed.shardPath)
    #expect(a != nil && a == b)
    #expect(try killed.run().alreadyDone)
  }

  @Test func anEditedShardFileIsAnErrorNotACrash() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    let dir = f.directory + "/runs"
    let summary = try run(spec, dir, shard: 0, of: 1)
    var text = String(
      decoding: FileManager.default.contents(atPath: summary.path) ?? Data(), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"trace\":1", with: "\"trace\":7")
    try text.write(toFile: summary.path, atomically: true, encoding: .utf8)
    #expect {
      try MergedSweep.load(directory: dir)
    } throws: { error in
      "\(error)".contains(
        "shard-0-of-1.json: row (point 0, trace 7) has no point, no trace or a twin")
    }
  }

  @Test func missingDuplicatedAndForeignShardsAreErrors() throws {
    let f = try SweepFixtures()
    let spec = try spec(f)
    let dir = f.directory + "/runs"
    _ = try run(spec, dir, shard: 0, of: 3)
    _ = try run(spec, dir, shard: 2, of: 3)
    #expect {
      try MergedSweep.load(directory: dir)
    } throws: { error in
      "\(error)".contains("missing shard 1 of 3")
    }
    _ = try run(spec, dir, shard: 1, of: 2)
    #expect {
      try MergedSweep.load(directory: dir)
    } throws: { error in
      "\(error)".contains("duplicated points: shard files of different shard counts (2, 3)")
    }
    try FileManager.default.removeItem(atPath: dir + "/shard-1-of-2.json")
    try FileManager.default.copyItem(
      atPath: dir + "/shard-0-of-3.json", toPath: dir + "/shard-1-of-3.json")
    #expect {
      try MergedSweep.load(directory: dir)
    } throws: { error in
      "\(error)".contains("duplicated shard 0 of 3: shard-0-of-3.json, shard-1-of-3.json")
    }
    var other = spec
    other.name = "other"
    try FileManager.default.removeItem(atPath: dir + "/shard-1-of-3.json")
    _ = try run(other, dir, shard: 1, of: 3)
    #expect {
      try MergedSweep.load(directory: dir)
    } throws: { error in
      "\(error)".contains("shard files of different sweeps")
    }
    #expect(throws: SweepRunError.self) { try run(spec, dir, shard: 1, of: 3) }
  }
}
