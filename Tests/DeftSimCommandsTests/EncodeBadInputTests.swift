import Foundation
import Model
import Testing

/// Bad model directories and bad text reach the user as one `Error:` line and exit code 1.
@Suite(.serialized) struct EncodeBadInputTests {
  let modelDirectory = BuiltBinary.repoRoot.appendingPathComponent(".cache/model")

  /// A model directory holding copies of the real small files, with `edit` applied.
  func brokenModel(_ label: String, edit: (URL) throws -> Void) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-cli-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for name in ["config.json", "vocab.txt"] {
      try FileManager.default.copyItem(
        at: modelDirectory.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    let weights = try Data(contentsOf: modelDirectory.appendingPathComponent("model.safetensors"))
    try weights.prefix(4096).write(to: dir.appendingPathComponent("model.safetensors"))
    try edit(dir)
    return dir
  }

  func expectOneErrorLine(_ arguments: String, mentions fragments: [String]) throws {
    let r = try BuiltBinary.run(shell: arguments)
    #expect(r.status == 1, "exit status for \(arguments): \(r.status), stderr: \(r.stderr)")
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "stderr: \(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: "), "stderr: \(r.stderr)")
    for f in fragments { #expect(r.stderr.contains(f), "'\(f)' not in: \(r.stderr)") }
  }

  @Test func truncatedSafetensors() throws {
    let dir = try brokenModel("truncated") { _ in }
    try expectOneErrorLine(
      "encode --model '\(dir.path)' --text hi", mentions: ["model.safetensors", "truncated"])
  }

  @Test func corruptSafetensorsHeader() throws {
    let dir = try brokenModel("corrupt") { dir in
      let original = modelDirectory.appendingPathComponent("model.safetensors")
      var bytes = [UInt8](try Data(contentsOf: original).prefix(20_000))
      bytes[8] = UInt8(ascii: "#")  // the opening brace of the JSON header
      try Data(bytes).write(to: dir.appendingPathComponent("model.safetensors"))
    }
    try expectOneErrorLine(
      "encode --model '\(dir.path)' --text hi", mentions: ["model.safetensors", "JSON"])
  }

  @Test func missingVocabulary() throws {
    let dir = try brokenModel("novocab") { dir in
      try FileManager.default.removeItem(at: dir.appendingPathComponent("vocab.txt"))
    }
    try expectOneErrorLine("encode --model '\(dir.path)' --text hi", mentions: ["vocab.txt"])
  }

  @Test func unknownModelType() throws {
    let dir = try brokenModel("type") { dir in
      try #"{"model_type": "t5"}"#.write(
        to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
    }
    try expectOneErrorLine(
      "encode --model '\(dir.path)' --text hi", mentions: ["config.json", "model_type 't5'"])
  }

  @Test func invalidUTF8Text() throws {
    try expectOneErrorLine(
      "encode --model '\(modelDirectory.path)' --text \"ab$(printf '\\377')\"",
      mentions: ["invalid UTF-8", "byte offset 2"])
  }

  @Test func missingModelDirectory() throws {
    try expectOneErrorLine(
      "encode --model /nonexistent/model --text hi", mentions: ["/nonexistent/model"])
  }

  /// A GGUF file in a fresh temporary directory: the first `bytes` bytes of the fetched SmolLM2,
  /// changed by `edit`.
  func brokenGGUF(_ label: String, bytes: Int, edit: (inout [UInt8]) -> Void) throws -> String {
    let source = BuiltBinary.repoRoot.appendingPathComponent(DecoderLocator.smolLM2RelativePath)
    let handle = try FileHandle(forReadingFrom: source)
    var data = [UInt8](try handle.read(upToCount: bytes) ?? Data())
    try handle.close()
    edit(&data)
    let path = NSTemporaryDirectory() + "deft-gguf-\(label)-\(UUID().uuidString).gguf"
    try Data(data).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func truncatedGGUF() throws {
    let path = try brokenGGUF("truncated", bytes: 1_000_000) { _ in }
    try expectOneErrorLine(
      "encode --model '\(path)' --text hi",
      mentions: [path, "tokenizer.ggml.merges", "byte offset 960187"])
  }

  @Test func wrongMagicGGUF() throws {
    let path = try brokenGGUF("magic", bytes: 4096) { $0[3] = UInt8(ascii: "G") }
    try expectOneErrorLine(
      "generate --model '\(path)' --chat hi", mentions: [path, "not a GGUF file"])
  }

  @Test func decoderEncodePrintsGoldenKeys() throws {
    let r = try BuiltBinary.run(
      shell: "encode --model smollm2 --text 'Paris is the capital of' --json")
    #expect(r.status == 0, "\(r.stderr)")
    for key in [
      "input_ids", "tokens", "logits_last_first8", "logits_last_argmax",
      "final_hidden_last_first8", "gate_act", "down_input", "count_abs_gt_1e-2",
    ] {
      #expect(r.stdout.contains("\"\(key)\""), "missing \(key)")
    }
    #expect(r.stdout.contains("38634"))  // "Paris"
  }

  @Test func encodePrintsGoldenKeys() throws {
    let r = try BuiltBinary.run(shell: "encode --text 'a charming journey' --json")
    #expect(r.status == 0, "\(r.stderr)")
    for key in [
      "input_ids", "token_type_ids", "tokens", "last_hidden_token0_first8", "mlp_act_sum",
    ] {
      #expect(r.stdout.contains("\"\(key)\""))
    }
  }
}
