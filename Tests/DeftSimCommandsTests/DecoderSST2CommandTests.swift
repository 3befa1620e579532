import Foundation
import Testing

/// `deft-sim eval --model smollm2 --task sst2` on two dev reviews, two prompt-tuning steps with
/// `train --method prompt`, decoder methods and tasks it does not know, and a Hugging Face Llama
/// directory without its weights.
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

  @Test func promptTuningTwoSteps() throws {
    let dir = try temporaryDirectory("sst2-prompt")
    let r = try BuiltBinary.run(
      shell: "train --model smollm2 --task sst2 --method prompt --prompt-tokens 2 --max-steps 2 "
        + "--eval-limit 2 --lr 1e-2 --threads 1 --no-trace --out '\(dir.path)'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("trained 2 steps") && r.stdout.contains("SST-2 dev, 2 reviews"))
    let object =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: dir.appendingPathComponent("metrics.json"))) as? [String: Any]
    #expect(object?["method"] as? String == "prompt")
    #expect(object?["prompt_tokens"] as? Int == 2)
    #expect((object?["prompt_initial_tokens"] as? [Int])?.count == 2)
    let prompt = try Data(contentsOf: dir.appendingPathComponent("prompt.safetensors"))
    // Header and 2 × 576 F32 values.
    #expect(prompt.count > 2 * 576 * 4)
    let header = String(decoding: prompt.prefix(400), as: UTF8.self)
    #expect(header.contains("soft_prompt") && header.contains("[2,576]"), "\(header)")
    // `eval --soft-prompt` reads it back: the same predictions as the evaluation after training.
    let metrics = dir.appendingPathComponent("eval.json").path
    let e = try BuiltBinary.run(
      shell: "eval --model smollm2 --task sst2 --eval-limit 2 --threads 1 --soft-prompt "
        + "'\(dir.path)/prompt.safetensors' --metrics-out '\(metrics)'")
    #expect(e.status == 0, "\(e.stderr)")
    let evaluated =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics)))
      as? [String: Any]
    #expect(evaluated?["correct"] as? Int == object?["correct"] as? Int)
    #expect(evaluated?["predicted_positive"] as? Int == object?["predicted_positive"] as? Int)
    let missing = try BuiltBinary.run(
      shell: "eval --model smollm2 --task sst2 --eval-limit 2 --soft-prompt "
        + "'\(dir.path)/metrics.json'")
    #expect(missing.status != 0)
  }

  @Test func decoderMethodErrors() throws {
    let bad = try BuiltBinary.run(
      shell: "train --model smollm2 --task sst2 --method prefix --out /nonexistent/run")
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--method lora or prompt"), "\(bad.stderr)")
    let zero = try BuiltBinary.run(
      shell: "train --model smollm2 --task sst2 --method prompt --prompt-tokens 0 "
        + "--out /nonexistent/run")
    #expect(zero.status != 0)
    // The shared option check (`TrainOptions`) rejects it before the decoder's own.
    #expect(zero.stderr.contains("prompt tokens must be >= 1"), "\(zero.stderr)")
    // Refused before the model loads or anything is allocated (it ran out of memory before).
    let huge = try BuiltBinary.run(
      shell: "train --model smollm2 --task sst2 --method prompt --prompt-tokens 5000 "
        + "--out /nonexistent/run")
    #expect(huge.status == 64, "\(huge.stderr)")
    #expect(huge.stderr.contains("--prompt-tokens in 1...256 vectors, got 5000"), "\(huge.stderr)")
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
