import Foundation
import Testing

/// `deft-sim bench train --model smollm2`: option errors (exit 64, one clear message) and one
/// real step on the fetched SmolLM2 and SQuAD (about 3 s of CPU): its JSON holds the token ids
/// and loss positions that tools/bench_hf_train_step.py feeds to PyTorch, and the step-0 loss
/// (B = 0, so the base model's) equals Hugging Face transformers' in float64 on the same GGUF.
@Suite(.serialized) struct BenchTrainDecoderTests {
  @Test(
    "bad options",
    arguments: [
      ("--model smollm2 --batch-size 4", "--batch-size and --max-length apply to the encoder"),
      ("--model smollm2 --density-weight 2", "--density-weight and --density-eps need --deft"),
      ("--model smollm2 --steps 0", "--steps must be in 1...1000, got 0"),
      ("--model smollm2 --warmup-steps 101", "--warmup-steps must be in 0...100, got 101"),
      ("--model smollm2 --threads 0", "--threads must be in 1...64, got 0"),
      ("--model smollm2 --lr nan", "--lr must be finite and > 0, got nan"),
      ("--model smollm2 --deft --density-eps 0", "--density-eps must be finite and > 0"),
      ("--model smollm2 --max-tokens 8", "--max-tokens must be in 16...65536, got 8"),
      ("--model smollm2 --method adapter", "trains with --method lora only, got 'adapter'"),
      ("--model smollm2 --lora-rank 500", "--lora-rank must be in 1...192"),
      ("--lora-rank 4", "--lora-rank applies to a decoder (--model smollm2 or a .gguf)"),
      ("--json", "--json applies to a decoder"),
    ])
  func badOption(arguments: String, message: String) throws {
    let r = try BuiltBinary.run(shell: "bench train \(arguments)")
    #expect(r.status == 64, "\(arguments): \(r.stderr)")
    let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    #expect(errors.count == 1 && errors[0].contains(message), "\(arguments): \(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test func oneRealStep() throws {
    let r = try BuiltBinary.run(
      shell: "bench train --model smollm2 --steps 1 --warmup-steps 0 --threads 1 "
        + "--max-tokens 128 --json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(
      with: Data(r.stdout.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8))
    let json = try #require(object as? [String: Any])
    let examples = try #require(json["examples"] as? [[String: Any]])
    #expect(examples.count == 1)
    let example = try #require(examples.first)
    let ids = try #require(example["ids"] as? [Int])
    let prompt = try #require(example["prompt_tokens"] as? Int)
    #expect(ids.count <= 128 && ids.last == 2)  // <|im_end|>
    #expect(example["target_start"] as? Int == prompt - 1)
    #expect(example["target_end"] as? Int == ids.count - 1)
    #expect((json["step_seconds"] as? [Double])?.count == 1)
    #expect((json["trainable_parameters"] as? Int) == 2_442_240)
    // Hugging Face transformers, float64, the same GGUF and token ids: 1.344592 (float32:
    // 1.344584). deft-sim trains over the base dequantised to Float32.
    let loss = try #require((json["task_loss"] as? [Double])?.first)
    #expect(abs(loss - 1.344592) < 1e-3, "step-0 loss \(loss)")
  }
}
