import Foundation
import Testing

/// `train`, `eval`, `demo` of the built binary: bad settings are usage errors (exit 64) naming
/// the option and the allowed values; bad files and directories are one `Error:` line (exit 1).
@Suite(.serialized) struct TrainCommandTests {
  struct BadArguments: CustomStringConvertible, Sendable {
    var arguments: String
    var message: String
    var description: String { arguments }
  }

  @Test(arguments: [
    BadArguments(arguments: "train --method lorra --out /tmp/x", message: "unknown method 'lorra'"),
    BadArguments(arguments: "train --task sst3 --out /tmp/x", message: "unknown task 'sst3'"),
    BadArguments(
      arguments: "train --lora-targets query,vlue --out /tmp/x",
      message: "--lora-targets 'query,vlue'"),
    BadArguments(
      arguments: "train --trace-zero int --classifier pool --out /tmp/x",
      message: "--classifier 'pool'"),
    BadArguments(
      arguments: "train --batch-size 0 --out /tmp/x", message: "batch size must be >= 1"),
    BadArguments(
      arguments: "train --density-eps 0 --deft --out /tmp/x", message: "--density-eps must be > 0"),
    BadArguments(
      arguments: "train --max-length 4 --out /tmp/x", message: "max length must be in 8..."),
    BadArguments(arguments: "eval", message: "give exactly one of --run or --checkpoint"),
    BadArguments(
      arguments: "eval --model smollm2 --predictions-out /tmp/p.csv",
      message: "--predictions-out is for encoder checkpoints"),
    BadArguments(arguments: "demo --steps 0", message: "--steps"),
  ])
  func badArgumentsAreUsageErrors(_ c: BadArguments) throws {
    let r = try BuiltBinary.run(shell: c.arguments)
    #expect(r.status == 64, "\(c): status \(r.status), \(r.stderr)")
    #expect(r.stderr.contains(c.message), "\(c): \(r.stderr)")
  }

  @Test func unwritableOutputDirectoryIsOneErrorLine() throws {
    let r = try BuiltBinary.run(
      shell: "train --max-steps 1 --train-limit 8 --eval-limit 8 --out /proc/deft-sim-test")
    #expect(r.status == 1)
    let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    #expect(lines.count == 1 && lines[0].contains("/proc/deft-sim-test"), "\(r.stderr)")
  }

  @Test func missingCheckpointIsOneErrorLine() throws {
    let r = try BuiltBinary.run(
      shell: "eval --checkpoint /tmp/no-such-deft-sim-checkpoint.safetensors")
    #expect(r.status == 1)
    #expect(r.stderr.contains("no-such-deft-sim-checkpoint"), "\(r.stderr)")
  }

  @Test func taskWithoutTrainSplitSaysHowToProceed() throws {
    let r = try BuiltBinary.run(
      shell: "train --task qnli --max-steps 1 --out /tmp/deft-sim-qnli-test")
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("QNLI/train.tsv") && r.stderr.contains("--train-from-dev"), "\(r.stderr)")
  }

  @Test func demoWithoutDataOffersSynthetic() throws {
    let r = try BuiltBinary.run(
      shell: "demo --data /tmp/deft-sim-no-data-here --out /tmp/deft-sim-demo-test")
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("download_glue_data.py") && r.stderr.contains("--synthetic"), "\(r.stderr)")
  }

  @Test func syntheticDemoWritesTheReport() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "deft-sim-demo-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let r = try BuiltBinary.run(shell: "demo --synthetic --out '\(out)'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: out + "/report/report.html"))
    #expect(r.stdout.contains("Report: \(out)/report/report.html"))
    // The checkout's cached front, with the two runs drawn over it.
    #expect(
      r.stdout.contains("Front (cached sweep, examples/fronts/sst2-front.json"), "\(r.stdout)")
    let markdown = try String(contentsOfFile: out + "/report/report.md", encoding: .utf8)
    #expect(markdown.contains("## Accuracy–density–speedup front (cached sweep)"))
    #expect(markdown.contains("examples/sweeps/sst2-front.json"))
    let html = try String(contentsOfFile: out + "/report/report.html", encoding: .utf8)
    #expect(html.contains("id=\"cached-front-density\"") && html.contains("this report"))
    #expect(html.contains("--front examples/fronts/sst2-front.json"))
  }

  @Test func demoWithAMalformedFrontFailsBeforeAnythingRuns() throws {
    let front = NSTemporaryDirectory() + "deft-sim-front-\(UUID().uuidString).json"
    try Data(#"{"title": "x", "points": 3}"#.utf8).write(to: URL(fileURLWithPath: front))
    defer { try? FileManager.default.removeItem(atPath: front) }
    let out = NSTemporaryDirectory() + "deft-sim-demo-\(UUID().uuidString)"
    let r = try BuiltBinary.run(shell: "demo --synthetic --front '\(front)' --out '\(out)'")
    #expect(r.status == 1)
    let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    #expect(
      lines.count == 1 && lines[0].contains(front) && lines[0].contains("malformed"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out), "nothing may be written")
  }
}
