import ArgumentParser
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim bench encode`: forward throughput on real SST-2 dev sentences.
struct BenchEncode: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "encode",
    abstract: "Measure encoder forward throughput (sentences/s) on SST-2 dev sentences.",
    discussion: """
      Encodes the SST-2 dev set in batches (real tokens packed, no padding) after one warm-up
      pass and reports sentences per second for each repetition and the best.
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions

  @Option(help: "Sentences per batch.") var batchSize = 32
  @Option(help: "Maximum tokens per sentence.") var maxLength = 64
  @Option(help: "Timed passes over the sentences.") var repetitions = 3
  @Option(help: "Sentences to encode per pass (default: the whole dev set).") var limit: Int?
  @Option(help: "Worker threads (each runs its share of a batch; OpenBLAS uses 1 thread each).")
  var threads = 2

  func validate() throws {
    guard batchSize > 0, maxLength >= 2, repetitions > 0 else {
      throw ValidationError("--batch-size and --repetitions must be > 0, --max-length >= 2")
    }
    let limits = TrainingConfiguration.Limits.self
    guard limits.batchSize.contains(batchSize), limits.threads.contains(threads) else {
      throw ValidationError(
        "--batch-size must be in \(limits.batchSize), --threads in \(limits.threads)")
    }
  }

  func run() throws {
    BLAS.setThreadCount(1)
    let loaded = try model.load()
    let positions = loaded.config.maxPositionEmbeddings
    guard maxLength <= positions else {
      throw ValidationError(
        "--max-length must be in 2...\(positions) (the model's max_position_embeddings), got "
          + "\(maxLength)")
    }
    var sentences = try data.sst2DevSentences()
    if let limit { sentences = Array(sentences.prefix(limit)) }
    let encodings = sentences.map { loaded.tokenizer.encode($0, nil, maxLength: maxLength) }
    let batches = stride(from: 0, to: encodings.count, by: batchSize).map {
      PackedBatch(Array(encodings[$0..<min($0 + batchSize, encodings.count)]))
    }
    let tokens = encodings.reduce(0) { $0 + $1.count }
    print(
      "bench encode: \(encodings.count) SST-2 dev sentences, \(tokens) tokens "
        + "(mean \(String(format: "%.1f", Double(tokens) / Double(max(1, encodings.count))))), "
        + "batch \(batchSize), ≤ \(maxLength) tokens, \(threads) worker threads")
    for batch in batches.prefix(2) { _ = loaded.encoder.forward(batch, threads: threads) }
    var best = 0.0
    for rep in 1...repetitions {
      let start = DispatchTime.now().uptimeNanoseconds
      for batch in batches { _ = loaded.encoder.forward(batch, threads: threads) }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      let rate = Double(encodings.count) / seconds
      best = max(best, rate)
      print(String(format: "  pass %d: %.3f s, %.1f sentences/s", rep, seconds, rate))
    }
    print(String(format: "best: %.1f sentences/s", best))
  }
}
