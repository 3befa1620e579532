import ArgumentParser
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim bench train`: training steps per second on real SST-2 batches (the encoder) or on
/// real SQuAD questions (a decoder, `--model smollm2`; see `BenchTrainDecoder.swift`).
struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Measure training s/step and peak memory (SST-2 on the encoder, SQuAD on a decoder).",
    discussion: """
      Encoder (default model): runs warm-up steps, then timed steps of the chosen method on \
      seeded random batches of SST-2 training sentences (≤ --max-length tokens, packed without \
      padding), and reports seconds per step, steps per second, tokens per second and peak \
      resident memory.

      Decoder (--model smollm2 or a .gguf): LoRA on q, k, v, o, gate, up and down of every \
      layer over the base dequantised to Float32, as `deft-sim train --model smollm2` trains; \
      each step is one SQuAD training-side question (its chat prompt, the answer and \
      <|im_end|>, cross-entropy on the answer tokens, optionally the DEFT density loss): \
      forward, backward and the Adam update. Untimed warm-up steps, then --steps timed ones; \
      prints median wall and CPU s/step, tokens/s and peak resident memory. --json prints one \
      JSON object with the token ids and loss positions of every step \
      (tools/bench_hf_train_step.py feeds them to PyTorch).
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @Option(help: "PEFT method: lora, qlora, adapter, prompt or prefix (a decoder: lora).")
  var method = "lora"
  @Flag(help: "Add the DEFT density loss (encoder: ε = 1e-3; decoder: --density-weight/-eps).")
  var deft = false
  @Option(help: "Sequences per batch (encoder; default 32).") var batchSize: Int?
  @Option(help: "Maximum tokens per sentence (encoder; default 64).") var maxLength: Int?
  @Option(help: "Timed steps (default: 30, a decoder 5).") var steps: Int?
  @Option(help: "Untimed warm-up steps (default: 3, a decoder 1).") var warmupSteps: Int?
  @Option(help: "Worker threads (a decoder: OpenBLAS threads).") var threads = 2
  @OptionGroup(title: "Decoder options") var decoder: BenchTrainDecoderOptions

  var isDecoder: Bool { DecoderLocator.isDecoder(model.model) }

  func validate() throws {
    if isDecoder {
      try validateDecoder()
      return
    }
    if let given = decoder.givenOptions.first {
      throw ValidationError(
        "\(given) applies to a decoder (--model smollm2 or a .gguf), not to the encoder")
    }
    let (batchSize, steps, warmupSteps) = (
      self.batchSize ?? 32, self.steps ?? 30, self.warmupSteps ?? 3
    )
    guard batchSize > 0, steps > 0, warmupSteps >= 0, maxLength ?? 64 >= 8, threads > 0 else {
      throw ValidationError("--batch-size, --steps, --threads must be > 0, --max-length >= 8")
    }
    guard PEFTMethod(rawValue: method) != nil else {
      throw ValidationError("unknown method '\(method)'")
    }
    let limits = TrainingConfiguration.Limits.self
    guard limits.steps.contains(steps), warmupSteps <= 1000, limits.batchSize.contains(batchSize),
      limits.threads.contains(threads)
    else {
      throw ValidationError(
        "--steps must be in \(limits.steps), --warmup-steps <= 1000, --batch-size in "
          + "\(limits.batchSize), --threads in \(limits.threads)")
    }
  }

  func run() throws {
    if isDecoder {
      try runDecoder()
      return
    }
    let (batchSize, maxLength) = (self.batchSize ?? 32, self.maxLength ?? 64)
    let (steps, warmupSteps) = (self.steps ?? 30, self.warmupSteps ?? 3)
    BLAS.setThreadCount(1)
    let loaded = try model.load()
    let total = steps + warmupSteps
    let configuration = TrainingConfiguration(
      task: "sst2", peft: PEFTConfiguration(method: PEFTMethod(rawValue: method) ?? .lora),
      densityLoss: deft ? DensityLoss(epsilon: 1e-3) : nil, maxSteps: total, batchSize: batchSize,
      maxLength: maxLength, trainLimit: total * batchSize, evaluationLimit: 1, threads: threads)
    let problems = configuration.problems(
      hidden: loaded.config.hiddenSize, maxPositions: loaded.config.maxPositionEmbeddings)
    if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    let data = try TaskData.load(
      .glue(.sst2), dataDirectory: try self.data.directory(), tokenizer: loaded.tokenizer,
      options: TaskData.Options(
        maxLength: maxLength, trainLimit: total * batchSize, evaluationLimit: 1))
    let taskModel = TaskModel(
      encoder: loaded.encoder, task: .glue(.sst2), configuration: configuration.peft, seed: 0)
    let trainer = Trainer(configuration: configuration, model: taskModel, data: data)
    let tokens = data.train.reduce(0) { $0 + $1.encoding.count }
    print(
      "bench train: \(method)\(deft ? " + DEFT" : ""), batch \(batchSize) SST-2 train sentences "
        + "(mean \(String(format: "%.1f", Double(tokens) / Double(data.train.count))) tokens, ≤ \(maxLength)), "
        + "\(taskModel.trainableParameterCount) trainable parameters, \(threads) threads")
    for _ in 0..<warmupSteps { _ = trainer.trainStep() }
    var times: [Double] = []
    var timedTokens = 0
    for s in 0..<steps {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = trainer.trainStep()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      let batch = data.train[
        ((warmupSteps + s) * batchSize)..<min(data.train.count, (warmupSteps + s + 1) * batchSize)]
      timedTokens += batch.reduce(0) { $0 + $1.encoding.count }
    }
    let sorted = times.sorted()
    let mean = times.reduce(0, +) / Double(times.count)
    print(
      String(
        format: "  %d steps: mean %.3f s/step (median %.3f, min %.3f), %.2f steps/s, %.0f tokens/s",
        steps, mean, sorted[sorted.count / 2], sorted[0], 1 / mean,
        Double(timedTokens) / times.reduce(0, +)))
    print("  peak resident memory: \(ProcessMemory.peakResidentBytes() >> 20) MiB")
  }
}
