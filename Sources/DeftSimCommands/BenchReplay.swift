import ArgumentParser
import Foundation
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

  @Option(help: "Timed repetitions per config (the best is reported).")
  var repetitions = 3

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
    var hardware: [HardwareConfig] = []
    for path in paths {
      do { hardware.append(try HardwareConfig.load(path: path)) } catch {
        throw CommandFailure(error)
      }
    }
    let header = TraceHeader(
      model: ModelDimensions(
        name: "all-MiniLM-L6-v2 (synthetic)", layers: 6, hidden: 384, intermediate: 1536, heads: 12),
      task: TaskDescription(name: "synthetic", split: "sst2-dev-sized"), seed: seed)
    let start = Date()
    let records = SyntheticMasks.records(
      header: header, sequences: sequences, meanTokens: tokens, density: density, seed: seed)
    let totalTokens = records.reduce(0) { $0 + $1.tokenCount }
    print(
      "synthetic trace: \(sequences) sequences, \(totalTokens) tokens, 6 layers x 1536, density "
        + "\(density), generated in \(ResultTable.fixed(Date().timeIntervalSince(start), 2)) s")
    var rows = [["config", "seconds", "speedup", "energy saving", "latency us", "energy uJ"]]
    for config in hardware {
      var best = Double.infinity
      var result: SimulationResult?
      for _ in 0..<repetitions {
        let t0 = Date()
        let accumulator = try ReplayAccumulator(header: header, config: config)
        for record in records { try accumulator.add(record) }
        result = accumulator.result()
        best = min(best, Date().timeIntervalSince(t0))
      }
      guard let result else { continue }
      rows.append([
        config.name, ResultTable.fixed(best), ResultTable.fixed(result.speedup),
        ResultTable.fixed(result.energySaving * 100, 1) + "%",
        ResultTable.fixed(result.total.latencyMicroseconds, 0),
        ResultTable.fixed(result.total.energyMicrojoules, 1),
      ])
    }
    print(ResultTable.aligned(rows))
    print("peak resident memory: \(Self.peakResidentMiB()) MiB (includes the in-memory trace)")
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

/// Seeded synthetic activation masks for benchmarks: each unit non-zero with probability
/// `density`, independently (no block correlation).
enum SyntheticMasks {
  static func records(
    header: TraceHeader, sequences: Int, meanTokens: Int, density: Double, seed: UInt64
  ) -> [TraceRecord] {
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let units = header.model.intermediate
    let threshold = UInt64(density * 65536)
    return (0..<sequences).map { s in
      let tokens = meanTokens - 10 + Int(next() % 21)
      let masks = (0..<header.model.layers).map { _ in
        var words = [UInt64](repeating: 0, count: tokens * ((units + 63) / 64))
        let wordsPerToken = (units + 63) / 64
        for t in 0..<tokens {
          for u in stride(from: 0, to: units, by: 4) {
            let r = next()
            for lane in 0..<min(4, units - u) where (r >> UInt64(16 * lane)) & 0xFFFF < threshold {
              words[t * wordsPerToken + (u + lane) >> 6] |= 1 << UInt64((u + lane) & 63)
            }
          }
        }
        return ActivationMask(tokenCount: tokens, units: units, words: words)
      }
      return TraceRecord(sequenceIndex: s, masks: masks)
    }
  }
}
