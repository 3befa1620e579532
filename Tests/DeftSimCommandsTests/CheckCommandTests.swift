import Foundation
import Testing

/// `deft-sim check` through the built binary: passes on the baseline's own traces, fails on a
/// worse one, and errors clearly on a missing, malformed or mismatched baseline.
@Suite(.serialized) struct CheckCommandTests {
  let work: URL
  let peft: String
  let deft: String
  let baseline: String
  static let hw = "--hw hwconfigs/sparse-npu-block4.json hwconfigs/sparse-npu.json"

  init() throws {
    work = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-checkcli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: work.appendingPathComponent("worse"), withIntermediateDirectories: true)
    peft = work.appendingPathComponent("peft.trace").path
    deft = work.appendingPathComponent("deft.trace").path
    baseline = work.appendingPathComponent("baseline.json").path
    try Self.synth(peft, "--density 0.5")
    try Self.synth(deft, "--density 0.05 --block-correlation 0.9 --block-size 4 --deft")
    let r = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' --update-baseline '\(peft)' '\(deft)' \(Self.hw)")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("wrote \(baseline): 6 speedups of 2 traces on 2 configs"))
  }

  static func synth(_ path: String, _ arguments: String) throws {
    let r = try BuiltBinary.run(
      shell: "trace synth --layers 2 --hidden 64 --intermediate 256 --heads 4 --sequences 6 "
        + "--tokens 24-32 --seed 9 \(arguments) --out '\(path)'")
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func passesOnTheBaselinesOwnTraces() throws {
    let r = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' '\(peft)' '\(deft)' \(Self.hw)")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("pair: \(deft) (DEFT) over \(peft) (PEFT)"))
    #expect(
      r.stdout.contains("ok: 6 speedups within 2.0 % of \(baseline); smallest margin +2.00 %"))
  }

  @Test func failsOnADeliberatelyWorseTrace() throws {
    // Same file name, seed and token counts (same fingerprint), but dense activations.
    let worse = work.appendingPathComponent("worse/deft.trace").path
    try Self.synth(worse, "--density 0.5 --deft")
    let r = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' '\(peft)' '\(worse)' \(Self.hw)")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("Error: "), "\(r.stderr)")
    #expect(r.stderr.contains("speedups dropped below the baseline by more than 2.0 %"))
    #expect(r.stderr.contains("deft.trace on sparse-npu-block4: speedup over dense"))
    #expect(
      r.stderr.contains("deft.trace over peft.trace on sparse-npu-block4: DEFT over PEFT speedup"))
    #expect(r.stdout.contains("FAIL"))
  }

  @Test func missingBaselineIsAClearError() throws {
    let missing = work.appendingPathComponent("nope.json").path
    let r = try BuiltBinary.run(shell: "check --baseline '\(missing)' '\(peft)' \(Self.hw)")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("Error: baseline \(missing) not found. Hint: record it with"))
  }

  @Test func malformedBaselineIsAClearError() throws {
    let bad = work.appendingPathComponent("bad.json")
    try "{\"formatVersion\": 1, \"toolVersion\": 3}".write(
      to: bad, atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(shell: "check --baseline '\(bad.path)' '\(peft)' \(Self.hw)")
    #expect(r.status == 1)
    #expect(
      r.stderr.hasPrefix(
        "Error: baseline \(bad.path) is malformed: expected String at toolVersion"),
      "\(r.stderr)")
  }

  @Test func mismatchedBaselineNamesTracesAndConfigs() throws {
    let r = try BuiltBinary.run(
      shell:
        "check --baseline '\(baseline)' '\(peft)' --hw hwconfigs/sparse-npu.json hwconfigs/edge-npu.json"
    )
    #expect(r.status == 1)
    for fragment in [
      "does not match the given inputs", "baseline trace deft.trace was not given",
      "config edge-npu is not in the baseline (it has sparse-npu-block4, sparse-npu)",
      "baseline config sparse-npu-block4 was not given", "Hint: pass the traces and configs",
    ] {
      #expect(r.stderr.contains(fragment), "\(fragment) in \(r.stderr)")
    }
  }

  @Test func anotherBatchSizeIsAMismatch() throws {
    let r = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' '\(peft)' '\(deft)' \(Self.hw) --batch-sequences 4")
    #expect(r.status == 1)
    #expect(
      r.stderr.hasPrefix(
        "Error: baseline \(baseline) does not match the given inputs: the baseline was recorded "
          + "at batch 1 (--batch-sequences 1), the speedups now are measured at batch 4 "
          + "(--batch-sequences 4). Hint: "), "\(r.stderr)")
    let batched = work.appendingPathComponent("batched.json").path
    let update = try BuiltBinary.run(
      shell: "check --baseline '\(batched)' --update-baseline '\(peft)' '\(deft)' \(Self.hw) "
        + "--batch-sequences 4")
    #expect(update.status == 0, "\(update.stderr)")
    #expect(update.stdout.contains("on 2 configs, batch 4 sequences"), "\(update.stdout)")
    #expect(try String(contentsOfFile: batched, encoding: .utf8).contains("\"batchSequences\" : 4"))
    let again = try BuiltBinary.run(
      shell: "check --baseline '\(batched)' '\(peft)' '\(deft)' \(Self.hw) --batch-sequences 4")
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test func updateBaselineRewritesTheFileAtomically() throws {
    let before = try String(contentsOfFile: baseline, encoding: .utf8)
    let r = try BuiltBinary.run(
      shell: "check --baseline '\(baseline)' --update-baseline '\(peft)' '\(deft)' \(Self.hw)")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try String(contentsOfFile: baseline, encoding: .utf8) == before)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == [
        "baseline.json", "deft.trace", "peft.trace", "worse",
      ])
  }
}
