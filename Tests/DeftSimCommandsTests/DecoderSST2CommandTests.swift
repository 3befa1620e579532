import Foundation
import Testing

/// `deft-sim eval --model smollm2 --task sst2` on two dev reviews, a decoder task it does not
/// know, and a Hugging Face Llama directory without its weights.
@Suite(.serialized) struct DecoderSST2CommandTests {
  func temporaryDirectory(_ label: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-cli-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func evalTwoReviews() throws {
    let dir = try temporaryDirectory("sst2")
    let metrics = dir.appendingPathComponent("m.json").path
    let trace = dir.appendingPathComponent("t.zst").path
    let r = try BuiltBinary.run(
      shell: "eval --model smollm2 --task sst2 --eval-limit 2 --threads 1 --target-density 0.5 "
        + "--metrics-out '\(metrics)' --trace-out '\(trace)'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("SST-2 dev, 2 reviews"), "\(r.stdout)")
    let object =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics)))
      as? [String: Any]
    #expect(object?["label_tokens"] as? [Int] == [17728, 16185])
    #expect(object?["examples"] as? Int == 2)
    #expect(FileManager.default.fileExists(atPath: trace))
  }

  @Test func unknownDecoderTask() throws {
    let r = try BuiltBinary.run(shell: "eval --model smollm2 --task cola --eval-limit 2")
    #expect(r.status != 0)
    #expect(r.stderr.contains("squad or sst2"), "\(r.stderr)")
  }

  @Test func llamaDirectoryWithoutWeights() throws {
    let dir = try temporaryDirectory("llama-dir")
    try Data(#"{"model_type": "llama"}"#.utf8).write(to: dir.appendingPathComponent("config.json"))
    let r = try BuiltBinary.run(shell: "encode --model '\(dir.path)' --text hi")
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: ") && r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains(dir.path) && r.stderr.contains("config.json"), "\(r.stderr)")
  }
}
