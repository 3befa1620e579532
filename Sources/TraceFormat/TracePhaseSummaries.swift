/// Per-phase density summaries of a trace (encoder, prefill, decode), accumulated one record at a
/// time: what `trace inspect` shows for a version-2 trace. A version-1 trace has only `encoder`.
public struct TracePhaseSummaries: Sendable, Equatable {
  /// In phase order, only the phases that have records.
  public private(set) var phases: [(phase: TracePhase, summary: TraceSummary)] = []

  public static func == (a: TracePhaseSummaries, b: TracePhaseSummaries) -> Bool {
    a.phases.map(\.phase) == b.phases.map(\.phase)
      && a.phases.map(\.summary) == b.phases.map(\.summary)
  }

  public init(phases: [(phase: TracePhase, summary: TraceSummary)] = []) {
    self.phases = phases
  }

  /// Reads every remaining record of `reader` and summarises each phase.
  public static func compute(
    reader: TraceReader, blockSizes: [Int] = [4], tileTokens: [Int] = [16]
  ) throws(TraceError) -> TracePhaseSummaries {
    var summaries: [TracePhase: TraceSummary] = [:]
    while let record = try reader.next() {
      if summaries[record.phase] == nil, let first = record.masks.first {
        summaries[record.phase] = TraceSummary(
          layers: record.masks.count, units: first.units, blockSizes: blockSizes,
          tileTokens: tileTokens)
      }
      summaries[record.phase]?.add(record)
    }
    var result = TracePhaseSummaries()
    for phase in TracePhase.allCases {
      if let summary = summaries[phase] { result.phases.append((phase, summary)) }
    }
    return result
  }
}
