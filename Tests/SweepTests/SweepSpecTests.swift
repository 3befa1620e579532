import Foundation
import Sweep
import Testing

/// Malformed specs: one error listing every problem, a test per kind of problem.
struct SweepSpecTests {
  func spec(axes: String, constraints: String = "[]", fixtures: SweepFixtures) -> String {
    """
    {"formatVersion": 1, "name": "t", "base": "\(SweepFixtures.sparseNPU)", "axes": \(axes),
     "traces": ["a.trace"], "constraints": \(constraints)}
    """
  }

  func issues(_ json: String, _ fixtures: SweepFixtures) -> [SweepSpecIssue] {
    do throws(SweepSpecError) {
      _ = try fixtures.decode(json)
      return []
    } catch {
      return error.issues
    }
  }

  func fixtures() throws -> SweepFixtures {
    let f = try SweepFixtures()
    FileManager.default.createFile(atPath: f.directory + "/a.trace", contents: Data())
    return f
  }

  @Test func validSpecDecodesAndExpandsLastAxisFastest() throws {
    let f = try fixtures()
    let spec = try f.decode(
      spec(
        axes: """
          [{"key": "dramBytesPerCycle", "values": [8, 16]},
           {"keys": ["peArray.rows", "zeroHandling.lanes"], "values": [[16, 16], [32, 32]]},
           {"key": "workload.batchSequences", "values": [1, 4, 8]}]
          """, constraints: #"[{"metric": "areaMM2", "max": 20}]"#, fixtures: f))
    let grid = SweepGrid(spec: spec)
    #expect(grid.count == 12)
    #expect(grid.values(at: 0) == [.int(8), .int(16), .int(16), .int(1)])
    #expect(grid.values(at: 1) == [.int(8), .int(16), .int(16), .int(4)])
    #expect(grid.values(at: 11) == [.int(16), .int(32), .int(32), .int(8)])
    guard case .success(let point) = grid.point(at: 5) else {
      Issue.record("point 5 should be valid")
      return
    }
    #expect(point.config.peArray.rows == 32 && point.config.zeroHandling.lanes == 32)
    #expect(point.options.batchSequences == 8)
    #expect(grid.check() == GridCheck())
  }

  @Test func unknownKeyPath() throws {
    let f = try fixtures()
    let found = issues(
      spec(
        axes: """
          [{"key": "peArray.rowz", "values": [16]}, {"key": "cache.sizeKiB", "values": [1]},
           {"key": "workload.batch", "values": [1]}]
          """, fixtures: f), f)
    #expect(found.map(\.keyPath) == ["axes[0].key", "axes[1].key", "axes[2].key"])
    #expect(found.allSatisfy { $0.problem == "unknown key path" })
    #expect(found[0].hint == "did you mean 'peArray.rows'?")
    #expect(found[2].hint == "did you mean 'workload.batchSequences'?")
  }

  @Test func emptyAxis() throws {
    let f = try fixtures()
    let found = issues(spec(axes: #"[{"key": "clockGHz", "values": []}]"#, fixtures: f), f)
    #expect(found.count == 1)
    #expect(found[0].keyPath == "axes[0].values" && found[0].problem == "empty axis")
  }

  @Test func wrongTypes() throws {
    let f = try fixtures()
    let found = issues(
      spec(
        axes: """
          [{"key": "peArray.rows", "values": ["big"]}, {"key": "clockGHz", "values": [1, true]},
           {"key": "workload.batchSequences", "values": ["8"]},
           {"keys": ["vectorUnitLanes", "peArray.columns"], "values": [16]},
           {"key": "peArray.dataflow", "values": ["wsx"]}]
          """,
        constraints: #"[{"metric": "areaMM2", "max": "ten"}]"#, fixtures: f), f)
    let paths = Set(found.map(\.keyPath))
    #expect(
      paths == [
        "axes[0].values[0]", "axes[1].values[1]", "axes[2].values[0]", "axes[3].values[0]",
        "axes[4].values[0]", "constraints[0].max",
      ])
    #expect(found.first { $0.keyPath == "axes[4].values[0]" }?.problem == "unknown value")
    #expect(
      found.filter { $0.keyPath != "axes[4].values[0]" }.allSatisfy { $0.problem == "wrong type" })
  }

  @Test func constraintOnUnknownMetric() throws {
    let f = try fixtures()
    let found = issues(
      spec(
        axes: "[]",
        constraints: #"[{"metric": "area", "max": 10}, {"metric": "latencyMicroseconds"}]"#,
        fixtures: f), f)
    #expect(found.count == 2)
    #expect(found[0].keyPath == "constraints[0].metric" && found[0].problem == "unknown metric")
    #expect(found[0].hint == "did you mean 'areaMM2'?")
    #expect(found[1].keyPath == "constraints[1]" && found[1].problem == "missing key")
  }

  @Test func everyProblemInOneError() throws {
    let f = try fixtures()
    let json = """
      {"formatVersion": 1, "name": "t", "base": "\(SweepFixtures.sparseNPU)",
       "axes": [{"key": "peArray.rowz", "values": [16]}, {"key": "clockGHz", "values": []},
                {"key": "dramBytesPerCycle", "values": ["fast"]}],
       "traces": ["a.trace", "missing.trace"], "constraints": [{"metric": "power", "max": 1}],
       "extra": 1}
      """
    do throws(SweepSpecError) {
      _ = try f.decode(json)
      Issue.record("expected an error")
    } catch {
      #expect(
        error.issues.map(\.problem).sorted() == [
          "empty axis", "no such file", "unknown key", "unknown key path", "unknown metric",
          "wrong type",
        ])
      #expect(error.description.hasPrefix("spec.json: invalid sweep spec (6 problems)"))
    }
  }

  @Test func invalidCombinationsAreListedBeforeAnythingRuns() throws {
    let f = try fixtures()
    // rows 16 with 32 lanes is impossible for ws skip (lanes × g must equal rows).
    let spec = try f.decode(
      spec(axes: #"[{"key": "peArray.rows", "values": [16, 32, 8]}]"#, fixtures: f))
    let check = SweepGrid(spec: spec).check()
    #expect(check.invalid.map(\.point) == [0, 2])
    #expect(
      check.invalid[0].reasons.contains {
        $0.hasPrefix("zeroHandling.lanes: impossible combination")
      })
    let runner = SweepRunner(
      spec: spec, shard: ShardSelection(index: 0, count: 1, source: "test"),
      outDirectory: f.directory + "/out", threads: 1)
    #expect(throws: SweepRunError.self) { try runner.run() }
    #expect(!FileManager.default.fileExists(atPath: f.directory + "/out"))
  }

  @Test func syntaxErrorsNameLineColumnAndOffset() throws {
    let f = try fixtures()
    let trailing = issues("{\"formatVersion\": 1,\n \"name\": \"t\",\n}", f)
    #expect(trailing.count == 1 && trailing[0].problem == "not valid JSON")
    #expect(trailing[0].found.contains("line 3, column 1"))
    let duplicate = issues(#"{"formatVersion": 1, "name": "a", "name": "b"}"#, f)
    #expect(duplicate.count == 1 && duplicate[0].found.contains("duplicate"))
  }

  @Test func nullRemovesAKey() throws {
    let f = try fixtures()
    let spec = try f.decode(
      spec(
        axes: """
          [{"keys": ["sram.sharedKiB", "sram.ifmapKiB", "sram.filterKiB", "sram.ofmapKiB"],
            "values": [[1024, null, null, null]]}]
          """, fixtures: f))
    guard case .success(let point) = SweepGrid(spec: spec).point(at: 0) else {
      Issue.record("expected a valid point")
      return
    }
    #expect(point.config.sram.sharedKiB == 1024 && point.config.sram.ifmapKiB == nil)
  }
}
