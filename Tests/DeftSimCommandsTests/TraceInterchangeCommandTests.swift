import ArgumentParser
import DeftSimCommands
import Foundation
import Testing
import TraceFormat

/// `trace synth --arch`, `trace export` and `trace import` through their commands: limits are
/// usage errors (64), bad files exit 1 with one message naming the file and key or array.
@Suite final class TraceInterchangeCommandTests {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "trace-interchange-\(UUID())"
  ).path

  init() throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: directory) }

  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test func synthExportImportRoundTripsEveryArchitecture() throws {
    for arch in [
      "bert", "llama", "t5",
      Self.repoRoot.appendingPathComponent("examples/arch/SmolLM2-135M.json").path,
    ] {
      let trace = directory + "/s.trace"
      let npz = directory + "/s.npz"
      let back = directory + "/back.trace"
      let layers = arch.hasSuffix(".json") ? [] : ["--layers", "2"]
      try Trace.SynthCommand.parse(
        [
          "--arch", arch, "--sequences", "3", "--prompt-tokens", "2-5", "--decode-tokens",
          arch == "bert" ? "0" : "1-3", "--density", "0.3", "--decode-correlation",
          arch == "bert" ? "0" : "0.5", "--out", trace,
        ] + layers
      ).run()
      try Trace.ExportCommand.parse([trace, "--npz", npz]).run()
      try Trace.ImportCommand.parse(["--npz", npz, "--out", back]).run()
      let original = try Data(contentsOf: URL(fileURLWithPath: trace))
      #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == original, "\(arch)")
      #expect(try TraceReader(path: trace).header.formatVersion == 2)
    }
  }

  @Test func issueExampleParses() throws {
    let command = try Trace.SynthCommand.parse([
      "--arch", "llama", "--layers", "30", "--hidden", "576", "--heads", "9", "--kv-heads", "3",
      "--intermediate", "1536", "--sequences", "64", "--prompt-tokens", "200",
      "--decode-tokens", "20", "--density", "0.5", "--out", "o.trace",
    ])
    var problems: [String] = []
    let spec = try #require(command.modelSpecForTests(problems: &problems))
    #expect(problems.isEmpty)
    #expect(spec.architecture.stacks[0].kvHeads == 3 && spec.architecture.stacks[0].headDim == 64)
    #expect(spec.promptTokens == 200...200 && spec.decodeTokens == 20...20)
  }

  @Test(arguments: [
    (["--tokens", "5000000000"], "tokens must be in 0...1048576"),
    (["--tokens", "5", "--layers", "1000000000"], "layers must be in 1...1024"),
    (["--tokens", "5", "--intermediate", "4294967296"], "intermediate must be in 1...1048576"),
    (["--tokens", "5", "--kv-heads", "2"], "--kv-heads needs --arch"),
    (["--arch", "llama", "--prompt-tokens", "5", "--kv-heads", "4"], "stacks[0].kvHeads"),
    (["--arch", "bert", "--prompt-tokens", "5", "--decode-tokens", "3"], "no decode tokens"),
    (["--arch", "llama"], "--prompt-tokens is required with --arch"),
    (["--arch", "t5", "--prompt-tokens", "3", "--mlp", "fancy"], "--mlp must be plain or gated"),
  ])
  func synthLimitsAreUsageErrors(arguments: [String], message: String) {
    do {
      _ = try Trace.SynthCommand.parse(
        ["--sequences", "2", "--density", "0.3", "--out", "o"] + arguments)
      Issue.record("accepted \(arguments)")
    } catch {
      #expect(Trace.SynthCommand.message(for: error).contains(message), "\(arguments)")
      #expect(Trace.SynthCommand.exitCode(for: error) == .validationFailure)
    }
  }

  @Test func badImportInputsExitOneNamingTheFile() throws {
    let badArch = directory + "/bad-arch.json"
    try #"{"name": "x", "stacks": [], "vocabSize": 5, "tiedEmbeddings": true,}"#.write(
      toFile: badArch, atomically: true, encoding: .utf8)
    let notNpz = directory + "/not.npz"
    try "hello".write(toFile: notNpz, atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["--npz", notNpz, "--out", directory + "/o.trace"], "\(notNpz): zip structure"),
      (
        ["--npz", notNpz, "--arch", badArch, "--out", directory + "/o.trace"],
        "\(badArch): bad architecture JSON at key '(syntax)'"
      ),
    ]
    for (arguments, message) in cases {
      let command = try Trace.ImportCommand.parse(arguments)
      do {
        try command.run()
        Issue.record("accepted \(arguments)")
      } catch {
        #expect(DeftSim.message(for: error).hasPrefix(message), "\(DeftSim.message(for: error))")
        #expect(DeftSim.exitCode(for: error) == .failure)
      }
    }
    #expect(
      ZeroDefinitionArgument(argument: "int8=0.5,0.25")?.definition
        == .quantized(bits: 8, scales: [0.5, 0.25]))
    #expect(ZeroDefinitionArgument(argument: "threshold=-1") == nil)
  }
}
