import ArgumentParser
import Foundation
import Reports
import Sweep
import TraceFormat

/// `deft-sim bench sweep`: a 1,000-point sweep (4 clocks × 5 DRAM ports × 5 ifmap buffers × 5
/// skip granularities × 2 batch sizes on sparse-npu) on a synthetic SST-2-dev-sized trace in
/// one process: wall time, replays, peak memory.
struct BenchSweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Time a 1,000-point sweep on a synthetic SST-2-dev-sized trace in one process.")

  @Option(help: "Trace to sweep on (default: a synthetic trace of --sequences sequences).")
  var trace: String?

  @Option(help: "Sequences in the synthetic trace.")
  var sequences = 872

  @Option(help: "Mean tokens per sequence (uniform in mean ± 10).")
  var tokens = 25

  @Option(help: "Fraction of non-zero activations of the synthetic trace.")
  var density = 0.3

  @Option(help: "Base hardware config.")
  var base = "hwconfigs/sparse-npu.json"

  @Option(help: "Replay threads (default: the processor count).")
  var threads: Int?

  func validate() throws {
    guard (1...100_000).contains(sequences) else {
      throw ValidationError("--sequences must be in 1...100000, got \(sequences)")
    }
    guard tokens > 10 && tokens <= 512 else {
      throw ValidationError("--tokens must be in 11...512, got \(tokens)")
    }
    guard (0...1).contains(density) else {
      throw ValidationError("--density must be in 0...1, got \(density)")
    }
  }

  func run() throws {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "deft-sim-bench-sweep-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let tracePath = try trace ?? synthesize(into: work)
    let basePath = URL(fileURLWithPath: base).standardizedFileURL.path
    let traceAbsolute = URL(fileURLWithPath: tracePath).standardizedFileURL.path
    let specText = """
      {"formatVersion": 1, "name": "bench-1000", "base": "\(basePath)",
       "axes": [
         {"key": "clockGHz", "values": [0.8, 1.0, 1.2, 1.5]},
         {"key": "dramBytesPerCycle", "values": [8, 16, 32, 64, 128]},
         {"key": "sram.ifmapKiB", "values": [128, 256, 512, 1024, 2048]},
         {"keys": ["zeroHandling.granularityUnits", "zeroHandling.lanes"],
          "values": [[1, 32], [2, 16], [4, 8], [8, 4], [16, 2]]},
         {"key": "workload.batchSequences", "values": [1, 32]}
       ],
       "traces": ["\(traceAbsolute)"]}
      """
    let spec: SweepSpec
    do throws(SweepSpecError) {
      spec = try SweepSpec.decode(json: Data(specText.utf8), file: "bench spec", directory: work)
    } catch {
      throw CommandFailure(error.description)
    }
    let runner = SweepRunner(
      spec: spec, shard: ShardSelection(index: 0, count: 1, source: "bench"),
      outDirectory: work + "/out",
      threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    let start = Date()
    let summary: SweepRunner.Summary
    do throws(SweepRunError) { summary = try runner.run { print($0) } } catch {
      throw CommandFailure(error.description)
    }
    let seconds = Date().timeIntervalSince(start)
    print(
      "\(summary.points) configs × 1 trace: \(FixedDecimal.string(seconds, digits: 2)) s wall, "
        + "\(FixedDecimal.string(Self.cpuSeconds(), digits: 2)) s CPU in total "
        + "(\(summary.replayClasses) replays, \(runner.threads) threads), peak resident memory "
        + "\(BenchReplay.peakResidentMiB()) MiB")
  }

  /// User + system CPU seconds of this process so far (the wall time depends on other load).
  static func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  private func synthesize(into directory: String) throws -> String {
    let spec = SyntheticTraceSpec(
      model: ModelDimensions(
        name: "all-MiniLM-L6-v2 (synthetic)", layers: 6, hidden: 384, intermediate: 1536, heads: 12),
      sequences: sequences, tokenCounts: (tokens - 10)...(tokens + 10), density: density,
      blockCorrelation: 0, blockSize: 4, seed: 1)
    if !spec.problems.isEmpty { throw ValidationError(spec.problems.joined(separator: "; ")) }
    let path = directory + "/sst2-sized.trace"
    do {
      let bytes = try SyntheticTrace(spec).write(to: path, toolVersion: ToolVersion.current)
      print("synthetic trace: \(sequences) sequences, \(bytes) bytes")
    } catch { throw CommandFailure("\(error)") }
    return path
  }
}
