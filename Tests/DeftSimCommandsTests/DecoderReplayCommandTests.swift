import Foundation
import Testing

/// Version-2 traces through the built binary: `replay` prints the per-phase table and `--json`
/// holds `phases`; `report` writes the prefill/decode and decode-vs-batch tables; `check`
/// records each phase's speedup; a trace whose record disagrees with its header exits 1 naming
/// the field.
@Suite(.serialized) struct DecoderReplayCommandTests {
  let work: URL

  init() throws {
    work = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-decoder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  func synth(_ name: String, arch: String, density: Double) throws -> String {
    let path = work.appendingPathComponent(name).path
    let r = try BuiltBinary.run(
      shell: "trace synth --arch \(arch) --layers 2 --sequences 4 --prompt-tokens 6 "
        + "--decode-tokens 3 --density \(density) --decode-correlation 0.5 --seed 3 "
        + "--out '\(path)'")
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func replayPrintsPhasesAndJSONHoldsThem() throws {
    let trace = try synth("l.trace", arch: "llama", density: 0.3)
    let text = try BuiltBinary.run(shell: "replay '\(trace)' --hw hwconfigs/sparse-npu.json")
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("per phase"))
    let rows = text.stdout.split(separator: "\n").map { $0.split(separator: " ").first ?? "" }
    #expect(rows.contains("prefill") && rows.contains("decode"))
    let json = try BuiltBinary.run(
      shell: "replay '\(trace)' --hw hwconfigs/sparse-npu.json --json --batch-sequences 2")
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let phases = try #require(object["phases"] as? [[String: Any]])
    #expect(phases.compactMap { $0["phase"] as? String } == ["prefill", "decode"])
    #expect(phases[1]["runs"] as? Int == 6)  // 2 batches × 3 steps
  }

  @Test func reportAndCheckAcceptVersionTwo() throws {
    let a = try synth("a.trace", arch: "t5", density: 0.5)
    let b = try synth("b.trace", arch: "llama", density: 0.2)
    let out = work.appendingPathComponent("report").path
    let r = try BuiltBinary.run(
      shell: "report --peft '\(a)' --deft '\(b)' --hw hwconfigs/sparse-npu.json --out '\(out)'")
    #expect(r.status == 0, "\(r.stderr)")
    let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
    #expect(markdown.contains("## Prefill and decode") && markdown.contains("Decode vs batch"))
    let baseline = work.appendingPathComponent("b.json").path
    let update = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' --update-baseline '\(a)' '\(b)' "
        + "--hw hwconfigs/sparse-npu.json")
    #expect(update.status == 0, "\(update.stderr)")
    let check = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' '\(a)' '\(b)' --hw hwconfigs/sparse-npu.json")
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("decode speedup over dense"))
    #expect(check.stdout.contains("encoder speedup over dense"))
  }
}
