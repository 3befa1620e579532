import DeftSimCommands
import Foundation
import Testing

/// `--batch-sequences N` on replay, compare, report, check and bench replay: parsed in process,
/// N < 1 a usage error with one exact message, and echoed by the built binary.
let badBatchArguments: [BadArguments] = [
  ["replay", "t.zst", "--hw", "h.json"],
  ["compare", "--trace", "t.zst", "--hw", "h.json"],
  ["report", "--peft", "p", "--deft", "d", "--hw", "h.json", "--out", "o"],
  ["check", "--baseline", "b.json", "t.zst", "--hw", "h.json"],
  ["bench", "replay"],
].flatMap { command in
  ["0", "-3"].map {
    BadArguments(
      arguments: command + ["--batch-sequences=\($0)"],
      message: "--batch-sequences must be >= 1, got \($0)")
  }
}

@Test(arguments: badBatchArguments)
func batchBelowOneIsAUsageError(_ bad: BadArguments) {
  do {
    _ = try DeftSim.parseAsRoot(bad.arguments)
    Issue.record("expected a parse error")
  } catch {
    #expect(DeftSim.message(for: error) == bad.message)
    #expect(DeftSim.exitCode(for: error) == .validationFailure)
  }
}

@Test func batchOptionParses() throws {
  let check = try #require(
    try DeftSim.parseAsRoot([
      "check", "--baseline", "b.json", "t.zst", "--hw", "h.json", "--batch-sequences", "8",
    ]) as? Check)
  #expect(check.batch.batchSequences == 8)
  let report = try #require(
    try DeftSim.parseAsRoot([
      "report", "--peft", "p", "--deft", "d", "--hw", "h.json", "--out", "o",
    ]) as? Report)
  #expect(report.batch.batchSequences == 1)
}

/// The built binary echoes the batch size.
@Suite(.serialized) struct BatchCommandTests {
  let work: URL
  let trace: String

  init() throws {
    work = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-batchcli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    trace = work.appendingPathComponent("t.zst").path
    let r = try BuiltBinary.run(
      shell: "trace synth --sequences 10 --tokens 5-9 --density 0.3 --seed 3 --out '\(trace)'")
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func replayEchoesTheBatch() throws {
    let r = try BuiltBinary.run(
      shell: "replay '\(trace)' --hw hwconfigs/datacenter-npu.json --batch-sequences 4")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("\(trace) on datacenter-npu: 10 sequences, "), "\(r.stdout)")
    #expect(r.stdout.split(separator: "\n").first?.hasSuffix(", batch 4 sequences") == true)
    let json = try BuiltBinary.run(
      shell: "replay '\(trace)' --hw hwconfigs/datacenter-npu.json --batch-sequences 4 --json")
    #expect(json.stdout.contains("\"batchSequences\" : 4"), "\(json.stdout.prefix(300))")
  }

  @Test func compareAndBenchEchoTheBatch() throws {
    let compare = try BuiltBinary.run(
      shell: "compare --trace '\(trace)' --hw hwconfigs/datacenter-npu.json --batch-sequences 3")
    #expect(compare.status == 0, "\(compare.stderr)")
    #expect(compare.stdout.hasPrefix("batch 3 sequences\n"), "\(compare.stdout)")
    let bench = try BuiltBinary.run(
      shell: "bench replay --sequences 12 --repetitions 1 --hw hwconfigs/edge-npu.json "
        + "--batch-sequences 5")
    #expect(bench.status == 0, "\(bench.stderr)")
    #expect(bench.stdout.contains(", batch 5 sequences, generated in"), "\(bench.stdout)")
  }
}
