import ArgumentParser
import Foundation
import Reports
import Simulator
import TraceFormat

/// `deft-sim bench replay`: replays a synthetic trace the size of a full SST-2 dev evaluation of
/// all-MiniLM-L6-v2 (872 sequences of ~25 tokens, 6 layers × 1536 units) on hardware configs and
/// reports seconds per config and peak memory.
struct BenchReplay: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay", abstract: "Time trace replay on a synthetic SST-2-dev-sized trace.")

  @Option(name: .customLong("hw"), help: "Hardware configs (default: every file in hwconfigs/).")
  var configs: [String] = []

  @Option(help: "Sequences in the synthetic trace.")
  var sequences = 872

  @Option(help: "Mean tokens per sequence (uniform in mean ± 10).")
  var tokens = 25

  @Option(help: "Fraction of non-zero activations.")
  var density = 0.3

  @Option(help: "Seed of the synthetic trace.")
  var seed: UInt64 = 1

  @Option(help: "Block correlation of the synthetic masks (0 = independent units).")
  var blockCorrelation = 0.0

  @Option(help: "Block size in units for --block-correlation.")
  var blockSize = 4

  @Option(help: "Also write the trace to this file and time replay from the file (streaming).")
  var traceFile: String?

  @Option(
    name: .customLong("trace"),
    help:
      "Time the streaming replay of this existing trace (any version) instead of a synthetic one.")
  var existingTrace: String?

  @Option(help: "Timed repetitions per config (the best is reported).")
  var repetitions = 3

  @OptionGroup var batch: BatchOption

  func validate() throws {
    guard sequences > 0 else { throw ValidationError("--sequences must be > 0, got \(sequences)") }
    guard tokens > 10 else { throw ValidationError("--tokens must be > 10, got \(tokens)") }
    guard (0...1).contains(density) else {
      throw ValidationError("--density must be in 0...1, got \(density)")
    }
    guard repetitions > 0 else { throw ValidationError("--repetitions must be > 0") }
  }

  func run() throws {
    let paths = try configs.isEmpty ? Self.shippedConfigs() : configs
    let hardware = try replaying { () throws(ReplayError) in try TraceReplay.loadConfigs(paths) }
    if let existingTrace {
      return try runOnFile(
        existingTrace, configs: hardware,
        options: WorkloadOptions(batchSequences: batch.batchSequences))
    }
    let spec = SyntheticTraceSpec(
      model: ModelDimensions(
        name: "all-MiniLM-L6-v2 (synthetic)", layers: 6, hidden: 384, intermediate: 1536, heads: 12),
      sequences: sequences, tokenCounts: (tokens - 10)...(tokens + 10), density: density,
      blockCorrelation: blockCorrelation, blockSize: blockSize, seed: seed)
    if !spec.problems.isEmpty { throw ValidationError(spec.problems.joined(separator: "; ")) }
    let synthetic = SyntheticTrace(spec)
    let header = synthetic.header(toolVersion: ToolVersion.current)
    let options = WorkloadOptions(batchSequences: batch.batchSequences)
    let start = Date()
    let records = (0..<sequences).map { synthetic.record(at: $0) }
    let totalTokens = records.reduce(0) { $0 + $1.tokenCount }
    print(
      "synthetic trace: \(sequences) sequences, \(totalTokens) tokens, 6 layers x 1536, density "
        + "\(density), block correlation \(blockCorrelation)\(batch.titleNote), generated in "
        + "\(FixedDecimal.string(Date().timeIntervalSince(start), digits: 2)) s")
    if let traceFile {
      do {
        let bytes = try synthetic.write(to: traceFile, toolVersion: ToolVersion.current)
        print("wrote \(traceFile): \(bytes) bytes")
      } catch { throw CommandFailure("\(error)") }
    }
    var table = Table(
      columns: [Table.Column("config", alignment: .left)]
        + [
          "seconds (memory)", "seconds (file)", "speedup", "energy saving", "latency us",
          "energy uJ",
        ].map { Table.Column($0) })
    for config in hardware {
      var best = Double.infinity
      var result: SimulationResult?
      for _ in 0..<repetitions {
        let t0 = Date()
        let accumulator = try ReplayAccumulator(header: header, config: config, options: options)
        for record in records { try accumulator.add(record) }
        result = accumulator.result()
        best = min(best, Date().timeIntervalSince(t0))
      }
      guard let result else { continue }
      var fileSeconds = "-"
      if let traceFile {
        let t0 = Date()
        let fromFile = try replaying { () throws(ReplayError) in
          try TraceReplay.replay(path: traceFile, configs: [config], options: options)[0]
        }
        fileSeconds = FixedDecimal.string(Date().timeIntervalSince(t0), digits: 3)
        if fromFile.total != result.total {
          throw CommandFailure("\(traceFile): replay from file differs from replay in memory")
        }
      }
      table.append([
        config.name, FixedDecimal.string(best, digits: 3), fileSeconds,
        FixedDecimal.string(result.speedup, digits: 3),
        FixedDecimal.string(result.energySaving * 100, digits: 1) + "%",
        FixedDecimal.string(result.total.latencyMicroseconds, digits: 0),
        FixedDecimal.string(result.total.energyMicrojoules, digits: 1),
      ])
    }
    print(TextTable.render(table))
    print(
      "peak resident memory: \(Self.peakResidentMiB()) MiB (includes the in-memory copy of the trace)"
    )
  }

  static func shippedConfigs() throws -> [String] {
    let directory = "hwconfigs"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw CommandFailure(
        "\(directory)/: not found in the current directory (hint: run from the repository root "
          + "or pass --hw FILE)")
    }
    return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
  }

  static func peakResidentMiB() -> Int {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
      return usage.ru_maxrss / 1024  // Linux reports KiB
    #else
      getrusage(RUSAGE_SELF, &usage)
      return usage.ru_maxrss / (1024 * 1024)  // macOS reports bytes
    #endif
  }
}
