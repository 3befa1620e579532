import Simulator

/// The per-phase table of a report over version-2 traces: prefill and decode (and an encoder
/// pass) each with its own latency, throughput, energy per token and speedup over dense.
extension ComparisonReport {
  /// Whether any replayed trace is version 2 (has phases).
  public var hasPhases: Bool { results.contains { $0.phases != nil } }

  /// One row per trace × config × phase; nil when no trace is version 2.
  public func phaseTable() -> Table? {
    guard hasPhases else { return nil }
    var table = PhaseTable.matrix(
      labels: traces.map(\.label),
      results: traces.indices.map { t in
        hardware.indices.map { c in results[t * hardware.count + c] }
      })
    table.caption =
      "Per phase (version-2 traces; runs are batches for encoder and prefill, batched decode "
      + "steps for decode: latency/run is the prefill latency of a batch and the decode latency "
      + "per token\(batchCaptionNote))"
    return table
  }
}
