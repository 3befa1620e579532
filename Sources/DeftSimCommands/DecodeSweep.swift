import Reports
import Simulator

/// `report` and `compare --out` over version-2 traces with decode records: decode replayed with
/// 1, 8 and 32 concurrent sequences (and the command's own batch size) for the report's decode
/// speedup-vs-batch chart and table. Traces without decode records are not replayed again.
enum DecodeSweep {
  static let batches = [1, 8, 32]

  /// The points, or nil when no trace has decode records.
  static func points(
    paths: [String], configs: [HardwareConfig], options: WorkloadOptions,
    results: [[SimulationResult]]
  ) throws -> [DecodeBatchPoint]? {
    let decoding = results.indices.filter { t in
      results[t].contains { $0.phases?.contains { $0.phase == "decode" } ?? false }
    }
    guard !decoding.isEmpty else { return nil }
    let sizes = Array(Set(batches + [options.batchSequences])).sorted()
    var all: [[[SimulationResult]]] = []
    for size in sizes {
      guard size != options.batchSequences else {
        all.append(results)
        continue
      }
      var sized = options
      sized.batchSequences = size
      let replayed = try replaying { () throws(ReplayError) in
        try TraceReplay.replay(paths: decoding.map { paths[$0] }, configs: configs, options: sized)
      }
      var batchResults = results
      for (i, t) in decoding.enumerated() { batchResults[t] = replayed[i] }
      all.append(batchResults)
    }
    return DecodeBatchPoint.points(batches: sizes, results: all)
  }
}
