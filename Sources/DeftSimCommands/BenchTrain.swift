import ArgumentParser
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim bench train`: training steps per second on real SST-2 batches.
struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Measure training speed (s/step) and peak memory on SST-2 train batches.",
    discussion: """
      Runs warm-up steps, then timed steps of the chosen method on seeded random batches of \
      SST-2 training sentences (≤ --max-length tokens, packed without padding), and reports \
      seconds per step, steps per second, tokens per second and peak resident memory.
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @Option(help: "PEFT method: lora, qlora, adapter, prompt or prefix.") var method = "lora"
  @Flag(help: "Add the DEFT density loss (ε = 1e-3).") var deft = false
  @Option(help: "Sequences per batch.") var batchSize = 32
  @Option(help: "Maximum tokens per sentence.") var maxLength = 64
  @Option(help: "Timed steps.") var steps = 30
  @Option(help: "Untimed warm-up steps.") var warmupSteps = 3
  @Option(help: "Worker threads.") var threads = 2

  func validate() throws {
    guard batchSize > 0, steps > 0, warmupSteps >= 0, maxLength >= 8, threads > 0 else {
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
