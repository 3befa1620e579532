import Simulator
import TraceFormat

/// Traces × hardware configs, replayed by the caller and summarised once: the model that the
/// HTML, Markdown, JSON, CSV and terminal renderings are all produced from, so their numbers
/// agree by construction. Reports never run simulations themselves.
public struct ComparisonReport: Codable, Sendable, Equatable {
  public static let currentFormatVersion = 1

  /// What produced the report.
  public enum Kind: String, Codable, Sendable {
    /// `deft-sim report`: one PEFT and one DEFT trace.
    case report
    /// `deft-sim compare --out`: any traces.
    case compare
  }

  /// A trace as given to the command.
  public struct Input: Sendable, Equatable {
    /// Shown in tables and legends (`PEFT`, `DEFT`, or the file name).
    public var label: String
    /// The path as given on the command line.
    public var path: String
    /// The results of this trace on each hardware config, in config order.
    public var results: [SimulationResult]
    /// The results on the equal-area dense twin (``HardwareConfig/equalAreaDenseTwin``) of each
    /// skip config, in config order (empty: no equal-area comparison).
    public var twins: [SimulationResult]

    public init(
      label: String, path: String, results: [SimulationResult], twins: [SimulationResult] = []
    ) {
      self.label = label
      self.path = path
      self.results = results
      self.twins = twins
    }
  }

  public var formatVersion = ComparisonReport.currentFormatVersion
  public var kind: Kind
  public var title: String
  public var toolVersion: String
  public var traces: [ReportTrace]
  /// The resolved hardware configs (defaults filled in), in the order given.
  public var hardware: [HardwareConfig]
  /// Trace-major: the run of trace t on config c is `runs[t * hardware.count + c]`.
  public var runs: [RunSummary]
  public var pairs: [PairSummary]
  /// Shell commands that regenerate the traces (when their headers say how) and this report.
  public var reproduce: [String]
  /// The full simulation results, trace-major like ``runs``.
  public var results: [SimulationResult]
  /// Each skip config against the dense config of the same area, per trace.
  public var equalArea: [EqualAreaSummary]
  /// Version-2 traces with decode records: decode replayed at several batch sizes (set by the
  /// command; absent otherwise, so version-1 reports are unchanged).
  public var decodeBatches: [DecodeBatchPoint]?
  /// A front from a cached sweep shown beside the report's runs (`demo`, `report --front`;
  /// absent otherwise, so other reports are unchanged).
  public var front: CachedFront?
  /// Why the front section is missing when a command wanted one (no front file found).
  public var frontNote: String?

  public init(
    kind: Kind, title: String, toolVersion: String, inputs: [Input], pairs: [TracePair],
    reproduce: [String]
  ) {
    precondition(!inputs.isEmpty, "a report needs at least one trace")
    let configs = inputs[0].results.map(\.hardware)
    precondition(
      !configs.isEmpty && inputs.allSatisfy { $0.results.map(\.hardware) == configs },
      "every trace must be replayed on the same hardware configs, in the same order")
    precondition(
      inputs.allSatisfy { $0.results.allSatisfy { $0.workload == inputs[0].results[0].workload } },
      "every trace must be replayed with the same workload options (batch size, LoRA)")
    self.kind = kind
    self.title = title
    self.toolVersion = toolVersion
    self.hardware = configs
    self.traces = inputs.map { ReportTrace(label: $0.label, path: $0.path, result: $0.results[0]) }
    self.runs = inputs.enumerated().flatMap { t, input in
      input.results.enumerated().map { c, result in
        RunSummary(trace: t, config: c, traceLabel: input.label, result: result)
      }
    }
    self.results = inputs.flatMap(\.results)
    self.equalArea = inputs.enumerated().flatMap { t, input in
      let skips = input.results.filter { $0.hardware.zeroHandling.mode == .skip }
      return zip(skips, input.twins).map {
        EqualAreaSummary(trace: t, traceLabel: input.label, skip: $0, twin: $1)
      }
    }
    self.reproduce = reproduce
    self.pairs = []
    self.pairs = pairs.flatMap { pair in
      configs.indices.map { c in
        PairSummary(
          pair: pair, config: c, peft: run(trace: pair.peft, config: c),
          deft: run(trace: pair.deft, config: c), traces: traces)
      }
    }
  }

  /// The run of trace `trace` on config `config`.
  public func run(trace: Int, config: Int) -> RunSummary {
    runs[trace * hardware.count + config]
  }

  /// The pair summary of `pair` on `config`, if that pair is compared.
  public func pair(_ pair: TracePair, config: Int) -> PairSummary? {
    pairs.first { $0.peft == pair.peft && $0.deft == pair.deft && $0.config == config }
  }

  /// The distinct pairs, in order.
  public var tracePairs: [TracePair] {
    var seen: [TracePair] = []
    for p in pairs where !seen.contains(TracePair(peft: p.peft, deft: p.deft)) {
      seen.append(TracePair(peft: p.peft, deft: p.deft))
    }
    return seen
  }
}

/// A trace of the report: who it is, its header, its task metric.
public struct ReportTrace: Codable, Sendable, Equatable {
  public var label: String
  public var path: String
  public var identity: TraceIdentity
  public var header: TraceHeader
  /// Accuracy (or the task's primary metric) in percent; nil when the header has none.
  public var quality: QualityMetric?
  /// The zero definition label (`exact`, `|a|>0.01`, `int8`) the masks were built with.
  public var zeroDefinition: String

  init(label: String, path: String, result: SimulationResult) {
    self.label = label
    self.path = path
    self.identity = TraceIdentity(path: path, result: result)
    self.header = result.traceHeader
    self.quality = QualityMetric(header: result.traceHeader)
    self.zeroDefinition = result.traceHeader.zeroDefinition.label
  }
}

/// DEFT against PEFT on one hardware config.
public struct PairSummary: Codable, Sendable, Equatable {
  public var peft: Int
  public var deft: Int
  public var config: Int
  public var configName: String
  /// PEFT cycles / DEFT cycles: DEFT's speedup over PEFT.
  public var deftOverPeftSpeedup: Double
  /// 1 − DEFT energy / PEFT energy.
  public var deftEnergySavingOverPeft: Double
  /// DEFT element density / PEFT element density.
  public var elementDensityRatio: Double
  /// DEFT metric − PEFT metric in percentage points (nil unless both traces have the metric).
  public var qualityChangePoints: Double?

  init(pair: TracePair, config: Int, peft: RunSummary, deft: RunSummary, traces: [ReportTrace]) {
    self.peft = pair.peft
    self.deft = pair.deft
    self.config = config
    self.configName = peft.configName
    let (p, d) = (peft.cost, deft.cost)
    self.deftOverPeftSpeedup = d.cycles > 0 ? Double(p.cycles) / Double(d.cycles) : 1
    self.deftEnergySavingOverPeft =
      p.energyMicrojoules > 0 ? 1 - d.energyMicrojoules / p.energyMicrojoules : 0
    self.elementDensityRatio =
      peft.density.elementDensity > 0
      ? deft.density.elementDensity / peft.density.elementDensity : 1
    if let p = traces[pair.peft].quality, let d = traces[pair.deft].quality, p.name == d.name {
      self.qualityChangePoints = d.valuePercent - p.valuePercent
    } else {
      self.qualityChangePoints = nil
    }
  }
}
