import ArgumentParser
import DeftSimCommands
import Foundation
import Testing
import TraceFormat

@Test func traceSubcommandsParseFromTheRoot() throws {
  let inspect = try DeftSim.parseAsRoot([
    "trace", "inspect", "x.trace", "--json", "--block-size", "8",
  ])
  let command = try #require(inspect as? Trace.InspectCommand)
  #expect(command.file == "x.trace" && command.json && command.blockSizes == [8])
  #expect(command.tileTokens == [16])

  let synth = try DeftSim.parseAsRoot([
    "trace", "synth", "--sequences", "3", "--tokens", "20-30", "--density", "0.3", "--seed", "9",
    "--block-correlation", "0.2", "--block-size", "4", "--out", "o.trace",
  ])
  let spec = try #require(synth as? Trace.SynthCommand).spec
  #expect(spec.tokenCounts == 20...30 && spec.density == 0.3 && spec.seed == 9)
  #expect(spec.blockCorrelation == 0.2 && spec.blockSize == 4)
  #expect(
    spec.model
      == ModelDimensions(name: "synthetic", layers: 6, hidden: 384, intermediate: 1536, heads: 12))
}

struct BadArguments: Sendable, CustomStringConvertible {
  var arguments: [String]
  var message: String
  var description: String { arguments.joined(separator: " ") }
}

let badSynthArguments: [BadArguments] = [
  BadArguments(
    arguments: ["--sequences", "2", "--tokens", "5-x", "--density", "0.3", "--out", "o"],
    message: "The value '5-x' is invalid for '--tokens <min[-max]>'"),
  BadArguments(
    arguments: ["--sequences", "2", "--tokens", "9-5", "--density", "0.3", "--out", "o"],
    message: "The value '9-5' is invalid for '--tokens <min[-max]>'"),
  BadArguments(
    arguments: ["--sequences", "2", "--tokens", "5", "--density", "1.5", "--out", "o"],
    message: "density must be in 0...1 (got 1.5)"),
  BadArguments(
    arguments: [
      "--sequences", "2", "--tokens", "5", "--density", "0.9", "--block-correlation", "0.5",
      "--out", "o",
    ],
    message:
      "density 0.9 is impossible with block correlation 0.5: silent blocks leave at most 0.5 of the units non-zero"
  ),
  BadArguments(
    arguments: [
      "--sequences=-1", "--tokens", "5", "--density", "0.3", "--heads", "5", "--out", "o",
    ],
    message:
      "heads must be >= 1 and divide hidden (got 5, hidden 384); sequences must be in 0...16777216 (got -1)"
  ),
  BadArguments(
    arguments: [
      "--sequences", "1", "--tokens", "5", "--density", "0.3", "--compression-level", "40",
      "--out", "o",
    ],
    message: "compression level must be in 1...22 (got 40)"),
  BadArguments(
    arguments: ["--tokens", "5", "--density", "0.3", "--out", "o"],
    message: "Missing expected argument '--sequences <sequences>'"),
]

@Test(arguments: badSynthArguments)
func badSynthArgumentsAreUsageErrors(_ bad: BadArguments) {
  do {
    _ = try Trace.SynthCommand.parse(bad.arguments)
    Issue.record("expected a parse error")
  } catch {
    #expect(Trace.SynthCommand.message(for: error) == bad.message)
    #expect(Trace.SynthCommand.exitCode(for: error) == .validationFailure)
  }
}

@Test func inspectRejectsABadBlockSize() {
  do {
    _ = try Trace.InspectCommand.parse(["t.trace", "--block-size", "0"])
    Issue.record("expected a validation error")
  } catch {
    #expect(Trace.InspectCommand.message(for: error) == "--block-size must be >= 1 (got 0)")
    #expect(Trace.InspectCommand.exitCode(for: error) == .validationFailure)
  }
}

@Test func libraryErrorsReachTheUserAsOneLineWithExitCodeOne() throws {
  let missing = FileManager.default.temporaryDirectory.appendingPathComponent(
    "no-such-\(UUID()).trace"
  ).path
  let command = try Trace.InspectCommand.parse([missing])
  do {
    try command.run()
    Issue.record("expected an error")
  } catch {
    #expect(
      DeftSim.message(for: error)
        == "\(missing): open for reading failed: No such file or directory. Hint: check the path, permissions and free disk space."
    )
    #expect(DeftSim.exitCode(for: error) == .failure)
  }
}

@Test func synthThenInspectInProcess() throws {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "trace-cli-\(UUID())"
  ).path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let path = directory + "/s.trace"
  let synth = try Trace.SynthCommand.parse([
    "--layers", "2", "--hidden", "32", "--intermediate", "128", "--heads", "4", "--sequences", "4",
    "--tokens", "3", "--density", "0.25", "--seed", "1", "--out", path,
  ])
  try synth.run()
  let reader = try TraceReader(path: path)
  let summary = try TraceSummary.compute(reader: reader)
  let inspection = TraceInspection(
    file: path, fileBytes: reader.fileByteCount, header: reader.header, summary: summary)
  let text = inspection.text()
  #expect(text.contains("model: synthetic layers=2 hidden=32 intermediate=128 heads=4"))
  #expect(text.contains("records: 4   tokens: 12 (3.0 per record)"))
  #expect(text.contains("layer  density  block g=4  union t=16"))
  #expect(text.contains("deft: disabled"))
  // ADA-DEFT gates without a density loss: a DEFT run whose skipped blocks are shown.
  var gated = reader.header
  gated.deft = DEFTDescription(enabled: false, ada: true, skippedLayers: [1])
  let gatedText = TraceInspection(
    file: path, fileBytes: reader.fileByteCount, header: gated, summary: summary
  ).text()
  #expect(gatedText.contains("deft: density loss off, ada skipped=[1]"))
  let json = try JSONSerialization.jsonObject(with: Data(inspection.json().utf8)) as? [String: Any]
  let summaryJSON = try #require(json?["summary"] as? [String: Any])
  #expect(summaryJSON["recordCount"] as? Int == 4)
  #expect((summaryJSON["layers"] as? [Any])?.count == 2)
}
