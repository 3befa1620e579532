import Foundation
import Model
import TensorCore
import Testing
import Training

/// The hostile-input table of docs/hostile-input.md for the command line, models, vocabularies
/// and checkpoints: each case through the built binary, with its exit code (64 for a bad option
/// value, 1 for a bad file) and the words its one `Error:` line must hold. Nothing is trained,
/// written or printed as a result.
@Suite(.serialized) struct HostileInputTests {
  struct Case: CustomStringConvertible, Sendable {
    /// Shell words after `deft-sim`; `$F` is the fixture directory.
    var arguments: String
    var status: Int32
    var message: String
    var description: String { arguments }
  }

  /// Model directories and checkpoints built once from the real model (see ``Fixtures``).
  static let fixtures = Fixtures()

  static let commandLine: [Case] = [
    Case(
      arguments: "train --eval-batch-size 0 --out $F/r", status: 64,
      message: "--eval-batch-size must be in 1...4096, got 0"),
    Case(
      arguments: "eval --run $F/r --eval-batch-size 0", status: 64,
      message: "--eval-batch-size must be in 1...4096"),
    Case(
      arguments: "train --eval-every 0 --out $F/r", status: 64, message: "--eval-every must be >= 1"
    ),
    Case(
      arguments: "train --checkpoint-every 0 --out $F/r", status: 64,
      message: "--checkpoint-every must be >= 1"),
    Case(
      arguments: "train --stop-after 0 --out $F/r", status: 64, message: "--stop-after must be >= 1"
    ),
    Case(
      arguments: "train --lora-rank 100000 --out $F/r", status: 64,
      message: "LoRA rank must be in 1...65536"),
    Case(
      arguments: "train --lora-rank 500 --max-steps 1 --out $F/r", status: 64,
      message: "LoRA rank must be in 1...384 (the hidden size), got 500"),
    Case(
      arguments: "train --lr inf --out $F/r", status: 64,
      message: "learning rate must be finite and > 0"),
    Case(
      arguments: "train --lr nan --out $F/r", status: 64, message: "learning rate must be finite"),
    Case(
      arguments: "train --ada-penalty=-1 --out $F/r", status: 64,
      message: "ADA penalty must be finite and >= 0"),
    Case(
      arguments: "train --ada --ada-threshold 2 --out $F/r", status: 64,
      message: "ADA threshold must be in 0...1"),
    Case(
      arguments: "train --threads 0 --out $F/r", status: 64, message: "threads must be in 1...256"),
    Case(
      arguments: "train --batch-size 5000 --out $F/r", status: 64,
      message: "batch size must be >= 1 and <= 4096"),
    Case(
      arguments: "train --weight-decay inf --out $F/r", status: 64,
      message: "weight decay must be finite"),
    Case(
      arguments: "train --max-length 600 --max-steps 1 --out $F/r", status: 64,
      message: "max length must be in 8...512"),
    Case(
      arguments: "train --method prefix --prefix-length 100000 --out $F/r", status: 64,
      message: "prefix length must be in 1...65536"),
    Case(
      arguments: "train --trace-zero threshold:inf --out $F/r", status: 64,
      message: "--trace-zero 'threshold:inf': expected int8, exact or threshold:τ"),
    Case(
      arguments: "demo --steps 99999999999999", status: 64,
      message: "--steps must be in 1...100000000"),
    Case(
      arguments: "demo --no-ada", status: 64,
      message:
        "--no-ada with --density-loss none (the default) leaves the DEFT run equal to the PEFT run"),
    Case(
      arguments: "bench encode --max-length 600", status: 64,
      message: "--max-length must be in 2...512"),
    Case(
      arguments: "train --resume --overwrite --out $F/r", status: 64,
      message: "--resume and --overwrite are exclusive"),
    Case(
      arguments: "eval --run $F/r --threads 0", status: 64, message: "--threads must be in 1...256"),
    Case(
      arguments: "encode --text hi --max-length 600", status: 64,
      message: "--max-length must be in 2...512 (the model's max_position_embeddings), got 600"),
    Case(
      arguments: "train --max-steps 1 --trace-out $F/no-such-dir/t.trace --out $F/trace-out-run",
      status: 1, message: "no-such-dir/t.trace: cannot write the output here"),
    Case(
      arguments: "train --max-steps 1 --trace-out $F --out $F/trace-dir-run", status: 1,
      message: "cannot write the output here (it is a directory)"),
  ]

  static let modelsAndCheckpoints: [Case] = [
    Case(
      arguments: "encode --model $F/vocab-long --text hi", status: 1,
      message: "vocab.txt:30523: 30523 tokens, but"),
    Case(
      arguments: "encode --model $F/config-huge --text hi", status: 1,
      message: "key 'hidden_size': expected an integer in 1...65536, found 1000000000000"),
    Case(
      arguments: "encode --model $F/vocab-no-cls --text hi", status: 1,
      message: "vocab.txt: special token [CLS] is missing"),
    Case(
      arguments: "eval --checkpoint $F/format-pytorch.safetensors", status: 1,
      message: "__metadata__.format: expected 'deft-sim-checkpoint', found 'pytorch'"),
    Case(
      arguments: "eval --checkpoint $F/max-length-100000.safetensors", status: 1,
      message: "__metadata__.configuration: max length must be in 8...65536, got 100000"),
    Case(
      arguments: "eval --checkpoint $F/max-length-600.safetensors", status: 1,
      message: "max length must be in 8...512, got 600"),
    Case(
      arguments: "eval --checkpoint $F/batch-size-0.safetensors", status: 1,
      message: "batch size must be >= 1"),
    Case(
      arguments: "eval --checkpoint $F/threads-0.safetensors", status: 1,
      message: "threads must be in 1...256, got 0"),
    Case(
      arguments: "eval --checkpoint $F/negative-step.safetensors", status: 1,
      message: "__metadata__.optimizer_step: expected an integer in 0...100000000, found '-5'"),
    Case(
      arguments: "eval --checkpoint $F/no-configuration.safetensors", status: 1,
      message: "__metadata__.configuration: missing"),
  ]

  @Test(arguments: commandLine + modelsAndCheckpoints)
  func hostileInputFailsClearly(_ c: Case) throws {
    let directory = try Self.fixtures.directory()
    let r = try BuiltBinary.run(
      shell: c.arguments.replacingOccurrences(of: "$F", with: "'\(directory)'"))
    #expect(r.status == c.status, "\(c): exit \(r.status), stderr: \(r.stderr)")
    #expect(r.stderr.contains(c.message), "\(c): \(r.stderr)")
    let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
    #expect(errors.count == 1, "\(c): \(r.stderr)")
    #expect(!r.stdout.contains("steps in"), "\(c): trained: \(r.stdout)")
    for run in ["r", "trace-out-run", "trace-dir-run"] {
      #expect(!FileManager.default.fileExists(atPath: directory + "/\(run)/checkpoint.safetensors"))
    }
  }

  /// A CRLF `vocab.txt` gives the same token ids as the LF original.
  @Test func crlfVocabularyEncodesLikeLF() throws {
    let directory = try Self.fixtures.directory()
    let text = "'A charming, naïve journey.'"
    let lf = try BuiltBinary.run(shell: "encode --text \(text) --json")
    let crlf = try BuiltBinary.run(
      shell: "encode --model '\(directory)/vocab-crlf' --text \(text) --json")
    #expect(lf.status == 0 && crlf.status == 0, "\(lf.stderr) \(crlf.stderr)")
    #expect(!lf.stdout.isEmpty && lf.stdout == crlf.stdout)
  }
}

/// Broken copies of the real model directory and hostile checkpoints, in a temporary directory
/// made on first use.
final class Fixtures: @unchecked Sendable {
  private let lock = NSLock()
  private var made: Result<String, any Error>?

  func directory() throws -> String {
    lock.lock()
    defer { lock.unlock() }
    let result = made ?? Result { try Self.make() }
    made = result
    return try result.get()
  }

  static func make() throws -> String {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("deft-sim-hostile-\(UUID().uuidString)")
      .path
    let model = BuiltBinary.repoRoot.appendingPathComponent(".cache/model").path
    let vocabulary = try String(contentsOfFile: model + "/vocab.txt", encoding: .utf8)
    let config = try String(contentsOfFile: model + "/config.json", encoding: .utf8)
    func modelCopy(_ name: String, vocabulary v: String = vocabulary, config c: String = config)
      throws
    {
      let directory = root + "/" + name
      try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try v.write(toFile: directory + "/vocab.txt", atomically: true, encoding: .utf8)
      try c.write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
      try fm.createSymbolicLink(
        atPath: directory + "/model.safetensors", withDestinationPath: model + "/model.safetensors")
    }
    try modelCopy("vocab-long", vocabulary: vocabulary + "extratoken\n")
    try modelCopy("vocab-crlf", vocabulary: vocabulary.replacingOccurrences(of: "\n", with: "\r\n"))
    try modelCopy(
      "vocab-no-cls", vocabulary: vocabulary.replacingOccurrences(of: "[CLS]\n", with: "[CLX]\n"))
    try modelCopy(
      "config-huge",
      config: config.replacingOccurrences(of: "\"hidden_size\": 384", with: "\"hidden_size\": 1e12")
    )
    let base = TrainingConfiguration(task: "sst2", peft: PEFTConfiguration(method: .lora))
    func checkpoint(
      _ name: String, _ edit: (inout TrainingConfiguration, inout [String: String]) -> Void
    ) throws {
      var c = base
      var metadata: [String: String] = [:]
      edit(&c, &metadata)
      var strings = CheckpointMetadata.strings(
        configuration: c, modelName: "all-MiniLM-L6-v2", toolVersion: "test",
        losses: LossHistory())
      strings.merge(metadata) { $1 }
      for (key, value) in metadata where value.isEmpty { strings[key] = nil }
      let file = CheckpointFile(
        tensors: [("x", Tensor(shape: [1], scalars: [0]))], metadata: strings)
      try CheckpointWriter.write(file, to: root + "/" + name + ".safetensors")
    }
    try checkpoint("format-pytorch") { _, m in m["format"] = "pytorch" }
    try checkpoint("max-length-100000") { c, _ in c.maxLength = 100_000 }
    try checkpoint("max-length-600") { c, _ in c.maxLength = 600 }
    try checkpoint("batch-size-0") { c, _ in c.batchSize = 0 }
    try checkpoint("threads-0") { c, _ in c.threads = 0 }
    try checkpoint("negative-step") { _, m in m["optimizer_step"] = "-5" }
    try checkpoint("no-configuration") { _, m in m["configuration"] = "" }
    return root
  }
}
