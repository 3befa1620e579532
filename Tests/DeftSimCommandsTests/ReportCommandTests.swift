import ArgumentParser
import DeftSimCommands
import Foundation
import Testing

/// `report` and `compare --out` through the built binary, and their argument parsing in process.
@Suite(.serialized) struct ReportCommandTests {
  let work: URL
  static let hw = "hwconfigs/dense-npu.json hwconfigs/sparse-npu-block4.json"

  init() throws {
    work = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  /// A small synthetic trace (2 layers) written by the binary.
  func synth(_ name: String, _ arguments: String) throws -> String {
    let path = work.appendingPathComponent(name).path
    let r = try BuiltBinary.run(
      shell: "trace synth --layers 2 --hidden 64 --intermediate 256 --heads 4 --sequences 6 "
        + "--tokens 8-16 --seed 5 \(arguments) --out '\(path)'")
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  func json(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func reportWritesFourFilesThatAgreeWithReplay() throws {
    let peft = try synth("peft.trace", "--density 0.5 --metric accuracy=91.25")
    let deft = try synth(
      "deft.trace",
      "--density 0.1 --block-correlation 0.7 --block-size 4 --deft --metric accuracy=90.5")
    let out = work.appendingPathComponent("report").path
    let r = try BuiltBinary.run(
      shell: "report --peft '\(peft)' --deft '\(deft)' --hw \(Self.hw) --out '\(out)'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("PEFT: \(peft)") && r.stdout.contains("DEFT vs PEFT"))
    #expect(r.stdout.contains("accuracy (%)") && r.stdout.contains("91.25"))
    for name in ["report.html", "report.md", "results.json", "results.csv"] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
    }
    let results = try json(out + "/results.json")
    let runs = try #require(results["runs"] as? [[String: Any]])
    #expect(runs.count == 4)
    // Every run's totals equal `deft-sim replay --json` of the same trace and config.
    for run in runs {
      let trace = (run["traceLabel"] as? String) == "PEFT" ? peft : deft
      let config = try #require(run["configName"] as? String)
      let replay = try BuiltBinary.run(
        shell: "replay '\(trace)' --hw hwconfigs/\(config).json --json")
      #expect(replay.status == 0, "\(replay.stderr)")
      let result = try #require(
        try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])
      let total = try #require(result["total"] as? [String: Any])
      let counts = try #require(total["counts"] as? [String: Any])
      let cost = try #require(run["cost"] as? [String: Any])
      #expect(counts["totalCycles"] as? Int == cost["cycles"] as? Int)
      #expect(total["energyMicrojoules"] as? Double == cost["energyMicrojoules"] as? Double)
      #expect(result["speedup"] as? Double == cost["speedupOverDense"] as? Double)
    }
    let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
    #expect(markdown.contains("deft-sim report --peft \(peft) --deft \(deft)"))
  }

  @Test func compareOutWritesAReportWithASpeedupDensityChart() throws {
    let traces = try [("a.trace", 0.2), ("b.trace", 0.5), ("c.trace", 0.8)].map {
      try synth($0.0, "--density \($0.1)")
    }
    let out = work.appendingPathComponent("compare").path
    let csv = work.appendingPathComponent("matrix.csv").path
    let r = try BuiltBinary.run(
      shell: "compare " + traces.map { "--trace '\($0)'" }.joined(separator: " ")
        + " --hw hwconfigs/dense-npu.json --hw hwconfigs/sparse-npu.json --csv '\(csv)' --out '\(out)'"
    )
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("wrote \(out)/report.html"))
    let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
    #expect(html.contains("id=\"chart-speedup-density\""))
    // 3 traces x 2 configs x (2 layers + total) + header.
    let rows = try String(contentsOfFile: out + "/results.csv", encoding: .utf8)
      .split(separator: "\n")
    #expect(rows.count == 3 * 2 * 3 + 1)
    #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 7)
  }

  @Test func reportWithAFrontShowsTheSectionAndNamesABadFile() throws {
    let peft = try synth("peft.trace", "--density 0.5 --metric accuracy=91.25")
    let deft = try synth("deft.trace", "--density 0.1 --deft --metric accuracy=90.5")
    let out = work.appendingPathComponent("front-report").path
    let hw = "--hw hwconfigs/sparse-npu.json hwconfigs/edge-npu.json"
    let r = try BuiltBinary.run(
      shell: "report --peft '\(peft)' --deft '\(deft)' \(hw) --out '\(out)' "
        + "--front examples/fronts/sst2-front.json")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Front (cached sweep, examples/fronts/sst2-front.json"))
    let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
    #expect(markdown.contains("## Accuracy–density–speedup front (cached sweep)"))
    #expect(markdown.contains("| PEFT | 91.25 |") && markdown.contains("| DEFT | 90.50 |"))
    #expect(markdown.contains("--front examples/fronts/sst2-front.json"))

    let bad = work.appendingPathComponent("bad-front.json").path
    try Data(
      #"{"title": "t", "toolVersion": "v", "spec": "s", "command": "c", "configs": [], "points": [{"name": 1}], "references": []}"#
        .utf8
    )
    .write(to: URL(fileURLWithPath: bad))
    let badOut = work.appendingPathComponent("bad-front-report").path
    let b = try BuiltBinary.run(
      shell: "report --peft '\(peft)' --deft '\(deft)' \(hw) --out '\(badOut)' --front '\(bad)'")
    #expect(b.status == 1)
    #expect(
      b.stderr.contains("front file \(bad) is malformed") && b.stderr.contains("points[0].name"),
      "\(b.stderr)")
    #expect(!FileManager.default.fileExists(atPath: badOut))
  }

  @Test func reportOnAMissingTraceIsOneErrorLine() throws {
    let out = work.appendingPathComponent("none").path
    let r = try BuiltBinary.run(
      shell:
        "report --peft /nonexistent.trace --deft /nonexistent.trace --hw \(Self.hw) --out '\(out)'")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("Error: /nonexistent.trace: open for reading failed"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}

@Test func reportAndCheckParseFromTheRoot() throws {
  let report = try #require(
    try DeftSim.parseAsRoot([
      "report", "--peft", "p.trace", "--deft", "d.trace", "--hw", "a.json", "b.json", "--hw",
      "c.json", "--out", "dir",
    ]) as? Report)
  #expect(report.peft == "p.trace" && report.deft == "d.trace" && report.out == "dir")
  #expect(report.configs == ["a.json", "b.json", "c.json"])
  let check = try #require(
    try DeftSim.parseAsRoot([
      "check", "--baseline", "b.json", "t1.trace", "t2.trace", "--hw", "x.json", "y.json",
      "--tolerance", "0.05",
    ]) as? Check)
  #expect(check.traces == ["t1.trace", "t2.trace"] && check.configs == ["x.json", "y.json"])
  #expect(check.tolerance == 0.05 && !check.updateBaseline)
}

let badReportArguments: [BadArguments] = [
  BadArguments(
    arguments: ["report", "--peft", "p", "--deft", "d", "--out", "o"],
    message: "give at least one --hw"),
  BadArguments(
    arguments: ["report", "--deft", "d", "--hw", "h.json", "--out", "o"],
    message: "Missing expected argument '--peft <peft>'"),
  BadArguments(
    arguments: ["check", "--baseline", "b.json", "--hw", "h.json"],
    message: "give at least one trace"),
  BadArguments(
    arguments: [
      "check", "--baseline", "b.json", "t.trace", "--hw", "h.json", "--tolerance", "1.5",
    ],
    message: "--tolerance must be in 0 ..< 1, a fraction (got 1.5)"),
  BadArguments(
    arguments: ["check", "t.trace", "--hw", "h.json"],
    message: "Missing expected argument '--baseline <baseline>'"),
]

@Test(arguments: badReportArguments)
func badReportAndCheckArgumentsAreUsageErrors(_ bad: BadArguments) {
  do {
    _ = try DeftSim.parseAsRoot(bad.arguments)
    Issue.record("expected a parse error")
  } catch {
    #expect(DeftSim.message(for: error) == bad.message)
    #expect(DeftSim.exitCode(for: error) == .validationFailure)
  }
}

@Test func duplicateConfigNamesAreRejectedInProcess() throws {
  let root = BuiltBinary.repoRoot.appendingPathComponent("hwconfigs/sparse-npu.json").path
  let command = try Report.parse([
    "--peft", "p.trace", "--deft", "d.trace", "--hw", root, root, "--out", "/tmp/unused",
  ])
  do {
    try command.run()
    Issue.record("expected an error")
  } catch {
    #expect(
      DeftSim.message(for: error)
        == "\(root): hardware config name 'sparse-npu' is also the name of \(root); "
        + "hint: give each config a distinct \"name\"")
    #expect(DeftSim.exitCode(for: error) == .failure)
  }
}
