import Foundation
import Simulator
import TraceFormat

/// What deft-sim does with a trace file (`trace inspect`, `replay`): read the header and every
/// record, summarise, and replay on a small config. Errors are the expected outcome of most
/// inputs; crashes, hangs and runaway allocations are the findings.
public enum TraceProbe {
  /// Records read per pass at most (inputs are small; this bounds the work of one execution).
  static let recordLimit = 512

  public static func exercise(path: String) {
    if let reader = try? TraceReader(path: path) {
      _ = try? TraceSummary.compute(reader: reader)
    }
    guard let reader = try? TraceReader(path: path),
      let accumulator = try? ReplayAccumulator(
        header: reader.header, config: ProbeHardware.config,
        options: WorkloadOptions(batchSequences: 2))
    else { return }
    var count = 0
    while count < recordLimit, let record = try? reader.next() {
      guard (try? accumulator.add(record)) != nil else { return }
      count += 1
    }
    _ = accumulator.result()
  }
}
