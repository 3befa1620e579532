import ArgumentParser
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim bench train --model smollm2`: one LoRA training step of the decoder (forward,
/// backward, Adam) per SQuAD training-side question, timed.
extension BenchTrain {
  func validateDecoder() throws {
    guard method == "lora" else {
      throw ValidationError(
        "a decoder (--model smollm2) trains with --method lora only, got '\(method)'")
    }
    if batchSize != nil || maxLength != nil {
      throw ValidationError(
        "--batch-size and --max-length apply to the encoder; a decoder step is one question "
          + "(limit its length with --max-tokens)")
    }
    let o = decoder
    if !deft, o.densityWeight != nil || o.densityEps != nil {
      throw ValidationError("--density-weight and --density-eps need --deft")
    }
    let checks: [(Bool, String)] = [
      ((1...1000).contains(steps ?? 5), "--steps must be in 1...1000, got \(steps ?? 5)"),
      (
        (0...100).contains(warmupSteps ?? 1),
        "--warmup-steps must be in 0...100, got \(warmupSteps ?? 1)"
      ),
      ((1...64).contains(threads), "--threads must be in 1...64, got \(threads)"),
      ((1...4096).contains(o.rank), "--lora-rank must be in 1...4096, got \(o.rank)"),
      (o.alpha.isFinite && o.alpha > 0, "--lora-alpha must be finite and > 0, got \(o.alpha)"),
      (o.lr.isFinite && o.lr > 0, "--lr must be finite and > 0, got \(o.lr)"),
      (
        o.weight.isFinite && o.weight >= 0,
        "--density-weight must be finite and >= 0, got \(o.weight)"
      ),
      (
        o.epsilon.isFinite && o.epsilon > 0,
        "--density-eps must be finite and > 0, got \(o.epsilon)"
      ),
      ((16...65536).contains(o.tokens), "--max-tokens must be in 16...65536, got \(o.tokens)"),
    ]
    if let failed = checks.first(where: { !$0.0 }) { throw ValidationError(failed.1) }
  }

  func runDecoder() throws {
    let o = decoder
    let (steps, warmupSteps) = (self.steps ?? 5, self.warmupSteps ?? 1)
    BLAS.setThreadCount(threads)
    let llm = try LlamaModel(path: try DecoderLocator.resolve(model.model))
    let c = llm.config
    guard o.rank <= min(c.hidden, c.kvDim) else {
      throw ValidationError(
        "--lora-rank must be in 1...\(min(c.hidden, c.kvDim)) (the smallest projection), got \(o.rank)"
      )
    }
    guard o.tokens <= c.contextLength else {
      throw ValidationError(
        "--max-tokens must be at most the context length \(c.contextLength), got \(o.tokens)")
    }
    let examples = try questions(llm, count: warmupSteps + steps, seed: o.seed ?? 0)
    var lora = DecoderLoRAModel(model: llm, rank: o.rank, alpha: o.alpha, seed: o.seed ?? 0)
    var adam = DecoderLoRAAdam(lora)
    let trainable = lora.blocks.reduce(0) {
      $0 + $1.linears.reduce(0) { $0 + $1.a.count + $1.b.count }
    }
    let weight: Float = deft ? o.weight : 0
    let loss = deft ? String(format: " + DEFT λ %g ε %g", o.weight, o.epsilon) : ""
    if !o.json {
      print(
        "bench train (decoder, \(c.layers) layers): LoRA r \(o.rank) α \(Self.number(o.alpha)) on "
          + "q, k, v, o, gate, up, down (\(trainable) trainable parameters)\(loss), Adam lr "
          + "\(Self.number(o.lr)), one SQuAD training-side question per step, \(threads) thread(s)")
    }
    var records: [StepRecord] = []
    for (s, example) in examples.enumerated() {
      let wall = DispatchTime.now().uptimeNanoseconds
      let cpu = BenchDecode.cpuSeconds()
      let result = lora.step(
        ids: example.ids, targets: example.targets, densityWeight: weight,
        densityEpsilon: o.epsilon)
      adam.update(&lora, result.gradients, learningRate: o.lr)
      let record = StepRecord(
        example: example, warmUp: s < warmupSteps, taskLoss: result.taskLoss,
        densityLoss: result.densityLoss,
        seconds: Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9,
        cpuSeconds: BenchDecode.cpuSeconds() - cpu)
      records.append(record)
      if !o.json {
        print(
          String(
            format: "  step %d%@: %d tokens (%d scored), task loss %.4f, %.2f s wall, %.2f s CPU",
            s + 1, (record.warmUp ? " (warm-up)" : "") as NSString, example.ids.count,
            example.targets.count, record.taskLoss, record.seconds, record.cpuSeconds))
      }
    }
    try report(records, trainable: trainable)
  }

  /// What one step measured.
  struct StepRecord {
    var example: DecoderSQuADTraining.Example
    var warmUp: Bool
    var taskLoss: Double
    var densityLoss: Double
    var seconds: Double
    var cpuSeconds: Double
  }

  /// The first `count` training-side questions (the trainer's split) in a seeded order that
  /// fit in --max-tokens; only as many are tokenised as needed.
  func questions(_ llm: LlamaModel, count: Int, seed: UInt64) throws
    -> [DecoderSQuADTraining.Example]
  {
    let dataset = try SQuADReader.readDev(dataDirectory: try data.directory())
    let split = try DecoderSQuADEvaluation.heldOut(
      dataset, options: DecoderSQuADEvaluation.Options())
    var examples: [DecoderSQuADTraining.Example] = []
    for i in ExampleOrder.permutation(count: split.train.count, seed: seed) {
      guard examples.count < count else { break }
      if let e = DecoderSQuADTraining.example(
        split.train[i], model: llm, maxTokens: decoder.tokens)
      {
        examples.append(e)
      }
    }
    guard examples.count == count else {
      throw ValidationError(
        "only \(examples.count) of the \(split.train.count) training-side questions fit in "
          + "--max-tokens \(decoder.tokens); \(count) are needed (raise --max-tokens or lower --steps)"
      )
    }
    return examples
  }

  func report(_ records: [StepRecord], trainable: Int) throws {
    let timed = records.filter { !$0.warmUp }
    let wall = median(timed.map(\.seconds))
    let cpu = median(timed.map(\.cpuSeconds))
    let tokens = timed.reduce(0) { $0 + $1.example.ids.count }
    let rate = Double(tokens) / timed.reduce(0) { $0 + $1.seconds }
    let peak = ProcessMemory.peakResidentBytes()
    var load = [Double](repeating: 0, count: 3)
    let loadCount = getloadavg(&load, 3)
    let o = decoder
    if o.json {
      let object: [String: Any] = [
        "threads": threads, "steps": timed.count, "warmup_steps": records.count - timed.count,
        "lora_rank": o.rank, "lora_alpha": Double(o.alpha), "lr": Double(o.lr), "deft": deft,
        "density_weight": deft ? Double(o.weight) : 0, "density_eps": Double(o.epsilon),
        "seed": Int(o.seed ?? 0), "trainable_parameters": trainable,
        "examples": records.map {
          [
            "ids": $0.example.ids.map(Int.init), "prompt_tokens": $0.example.promptCount,
            "target_start": $0.example.targets.lowerBound,
            "target_end": $0.example.targets.upperBound, "warm_up": $0.warmUp,
          ] as [String: Any]
        },
        "task_loss": records.map(\.taskLoss), "density_loss": records.map(\.densityLoss),
        "step_seconds": timed.map(\.seconds), "step_cpu_seconds": timed.map(\.cpuSeconds),
        "median_seconds_per_step": wall, "median_cpu_seconds_per_step": cpu,
        "tokens_per_second": rate, "peak_resident_bytes": peak,
        "load_average": loadCount > 0 ? load[0] : -1,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    print(
      String(
        format: "bench train: %d timed steps, median %.3f s/step wall, %.3f s/step CPU, "
          + "%.1f tokens/s, peak resident memory %d MiB (load average %.2f)",
        timed.count, wall, cpu, rate, peak >> 20, loadCount > 0 ? load[0] : -1))
  }

  func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }

  static func number(_ x: Float) -> String { String(format: "%g", Double(x)) }
}
