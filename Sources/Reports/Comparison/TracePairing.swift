import TraceFormat

/// A PEFT trace and the DEFT trace it is compared with (indices into the report's traces).
public struct TracePair: Codable, Sendable, Equatable, Hashable {
  public var peft: Int
  public var deft: Int

  public init(peft: Int, deft: Int) {
    self.peft = peft
    self.deft = deft
  }

  /// PEFT/DEFT pairs among traces given in order, from their headers.
  ///
  /// A trace is a DEFT run when its header has `deft.enabled` or `deft.ada` (ADA-DEFT gates, with
  /// or without a density loss), a PEFT run otherwise. Runs are
  /// comparable when they share the model name, task name and split, and PEFT method. Within each
  /// comparable group the k-th PEFT trace (in the given order) pairs with the k-th DEFT trace;
  /// traces left over get no pair (they are still compared with dense).
  public static func pairs(headers: [TraceHeader]) -> [TracePair] {
    struct GroupKey: Hashable {
      var model: String
      var task: String
      var split: String
      var method: String
    }
    var peft: [GroupKey: [Int]] = [:]
    var deft: [GroupKey: [Int]] = [:]
    var order: [GroupKey] = []
    for (index, header) in headers.enumerated() {
      let key = GroupKey(
        model: header.model.name, task: header.task.name, split: header.task.split,
        method: header.peft.method)
      if peft[key] == nil && deft[key] == nil { order.append(key) }
      if header.deft.isDEFTRun {
        deft[key, default: []].append(index)
      } else {
        peft[key, default: []].append(index)
      }
    }
    var result: [TracePair] = []
    for key in order {
      for (p, d) in zip(peft[key] ?? [], deft[key] ?? []) {
        result.append(TracePair(peft: p, deft: d))
      }
    }
    return result.sorted { ($0.deft, $0.peft) < ($1.deft, $1.peft) }
  }
}

/// The task metric a report shows for a trace: `accuracy` when the header has it, else the
/// task's primary metric, which training records in the header's provenance as
/// `primary_metric` (MCC for CoLA, F1 for MRPC and SQuAD, Pearson for STS-B). Headers written
/// before that key existed fall back to the first of `f1`, `mcc`, `pearson` present, which is
/// the same choice for every task deft-sim trains. Values are in percent, as training writes them.
public struct QualityMetric: Codable, Sendable, Equatable {
  /// The provenance key naming the task's primary metric.
  public static let primaryMetricKey = "primary_metric"
  static let fallbackPreference = ["f1", "mcc", "pearson"]

  public var name: String
  public var valuePercent: Double

  public init(name: String, valuePercent: Double) {
    self.name = name
    self.valuePercent = valuePercent
  }

  /// The metric of the trace whose header is `header`, or nil when it has none (synthetic
  /// traces without `--metric`).
  public init?(header: TraceHeader) {
    let metrics = header.task.metrics
    let preference =
      ["accuracy"] + (header.provenance[Self.primaryMetricKey].map { [$0] } ?? [])
      + Self.fallbackPreference + metrics.keys.sorted()
    guard let name = preference.first(where: { metrics[$0] != nil }),
      let value = metrics[name]
    else { return nil }
    self.name = name
    self.valuePercent = value
  }
}
