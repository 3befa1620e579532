import Foundation
import Simulator
import TraceFormat

/// What deft-sim does with a trace file (`trace inspect`, `replay`): read the header and every
/// record, summarise, and replay on small configs (``ProbeHardware/replays``): a version-1 trace
/// through ``ReplayAccumulator``, a version-2 one (encoder, decoder, encoder–decoder; encoder,
/// prefill and decode records) through ``TransformerReplayAccumulator``, as `replay` does.
/// Errors are the expected outcome of most inputs; crashes, hangs and runaway allocations are
/// the findings.
public enum TraceProbe {
  /// Records read per pass at most (inputs are small; this bounds the work of one execution).
  static let recordLimit = 512

  public static func exercise(path: String) {
    if let reader = try? TraceReader(path: path) {
      _ = try? TraceSummary.compute(reader: reader)
    }
    guard let reader = try? TraceReader(path: path) else { return }
    if reader.header.architecture != nil {
      replayVersion2(reader)
    } else {
      replayVersion1(reader)
    }
  }

  static func replayVersion1(_ reader: TraceReader) {
    var accumulators: [ReplayAccumulator] = []
    for (config, options) in ProbeHardware.replays {
      guard
        let accumulator = try? ReplayAccumulator(
          header: reader.header, config: config, options: options)
      else { return }
      accumulators.append(accumulator)
    }
    var count = 0
    while count < recordLimit, let record = try? reader.next() {
      for accumulator in accumulators {
        guard (try? accumulator.add(record)) != nil else { return }
      }
      count += 1
    }
    for accumulator in accumulators { _ = accumulator.result() }
  }

  static func replayVersion2(_ reader: TraceReader) {
    var accumulators: [TransformerReplayAccumulator] = []
    for (config, options) in ProbeHardware.replays {
      guard
        let accumulator = try? TransformerReplayAccumulator(
          header: reader.header, config: config, options: options)
      else { return }
      accumulators.append(accumulator)
    }
    var count = 0
    while count < recordLimit, let record = try? reader.next() {
      for accumulator in accumulators {
        guard (try? accumulator.add(record)) != nil else { return }
      }
      count += 1
    }
    for accumulator in accumulators { _ = try? accumulator.result() }
  }
}
