import AtomicOutput
import Foundation
import Simulator

/// A speedup a CI gate watches: one trace (or a DEFT/PEFT pair) on one hardware config.
public struct SpeedupMeasurement: Codable, Sendable, Equatable {
  public enum Metric: String, Codable, Sendable {
    /// Dense-baseline cycles / cycles of `trace` on `config`.
    case speedupOverDense = "speedup-over-dense"
    /// PEFT cycles / DEFT cycles on `config` (`trace` is the DEFT trace, `reference` the PEFT).
    case deftOverPeftSpeedup = "deft-over-peft-speedup"
    /// Version-2 traces: dense-baseline cycles / cycles of one phase.
    case encoderSpeedupOverDense = "encoder-speedup-over-dense"
    case prefillSpeedupOverDense = "prefill-speedup-over-dense"
    case decodeSpeedupOverDense = "decode-speedup-over-dense"

    /// The metric of a phase's speedup over dense (`encoder`, `prefill`, `decode`).
    static func phase(_ name: String) -> Metric? {
      Metric(rawValue: "\(name)-speedup-over-dense")
    }
  }

  public var metric: Metric
  /// File name of the trace (the DEFT trace for a pair metric).
  public var trace: String
  /// File name of the PEFT trace of a pair metric; nil otherwise.
  public var reference: String?
  public var config: String
  public var value: Double

  public init(
    metric: Metric, trace: String, reference: String? = nil, config: String, value: Double
  ) {
    self.metric = metric
    self.trace = trace
    self.reference = reference
    self.config = config
    self.value = value
  }

  /// Identifies the measurement regardless of its value.
  public var key: String { "\(metric.rawValue)|\(trace)|\(reference ?? "")|\(config)" }

  /// `deft.trace over peft.trace on sparse-npu: DEFT over PEFT speedup`.
  public var name: String {
    switch metric {
    case .speedupOverDense: return "\(trace) on \(config): speedup over dense"
    case .encoderSpeedupOverDense, .prefillSpeedupOverDense, .decodeSpeedupOverDense:
      let phase = metric.rawValue.split(separator: "-")[0]
      return "\(trace) on \(config): \(phase) speedup over dense"
    case .deftOverPeftSpeedup:
      return "\(trace) over \(reference ?? "?") on \(config): DEFT over PEFT speedup"
    }
  }
}

/// The speedups recorded for a set of traces and configs: what `deft-sim check` compares against.
///
/// Stored as JSON with sorted keys: `formatVersion`, `toolVersion`, `batchSequences` (the
/// replays' batch size; absent in baselines recorded before batching existed, meaning 1),
/// `traces` (file name and content fingerprint), `configs` (names), `measurements` (metric,
/// trace, reference, config, value).
public struct SpeedupBaseline: Codable, Sendable, Equatable {
  public static let currentFormatVersion = 1

  public var formatVersion: Int
  public var toolVersion: String
  /// Sequences per batch of the replays (``WorkloadOptions/batchSequences``); nil in files
  /// recorded before batching existed. Use ``recordedBatchSequences``.
  public var batchSequences: Int?
  public var traces: [TraceIdentity]
  public var configs: [String]
  public var measurements: [SpeedupMeasurement]

  public init(
    toolVersion: String, batchSequences: Int = 1, traces: [TraceIdentity], configs: [String],
    measurements: [SpeedupMeasurement]
  ) {
    self.formatVersion = Self.currentFormatVersion
    self.toolVersion = toolVersion
    self.batchSequences = batchSequences
    self.traces = traces
    self.configs = configs
    self.measurements = measurements
  }

  /// The batch size the speedups were measured at (1 when the file does not say).
  public var recordedBatchSequences: Int { batchSequences ?? 1 }

  /// The speedups of `results` (per trace, per config, configs in the same order for every
  /// trace, all replayed with the same batch size): each trace over dense, and each pair's DEFT
  /// over PEFT.
  public static func measure(
    paths: [String], results: [[SimulationResult]], pairs: [TracePair], toolVersion: String
  ) throws(BaselineError) -> SpeedupBaseline {
    precondition(paths.count == results.count && !results.isEmpty, "one result list per path")
    let identities = zip(paths, results).map { TraceIdentity(path: $0, result: $1[0]) }
    var seen: Set<String> = []
    for identity in identities where !seen.insert(identity.file).inserted {
      throw .duplicateTraceName(identity.file)
    }
    let configs = results[0].map(\.hardware.name)
    var measurements: [SpeedupMeasurement] = []
    for (t, traceResults) in results.enumerated() {
      for result in traceResults {
        measurements.append(
          SpeedupMeasurement(
            metric: .speedupOverDense, trace: identities[t].file, config: result.hardware.name,
            value: result.speedup))
        for phase in result.phases ?? [] {
          guard let metric = SpeedupMeasurement.Metric.phase(phase.phase) else { continue }
          measurements.append(
            SpeedupMeasurement(
              metric: metric, trace: identities[t].file, config: result.hardware.name,
              value: phase.speedup))
        }
      }
    }
    for pair in pairs {
      for (c, config) in configs.enumerated() {
        let peft = results[pair.peft][c].total.counts.totalCycles
        let deft = results[pair.deft][c].total.counts.totalCycles
        measurements.append(
          SpeedupMeasurement(
            metric: .deftOverPeftSpeedup, trace: identities[pair.deft].file,
            reference: identities[pair.peft].file, config: config,
            value: deft > 0 ? Double(peft) / Double(deft) : 1))
      }
    }
    return SpeedupBaseline(
      toolVersion: toolVersion, batchSequences: results[0][0].workload.batchSequences,
      traces: identities, configs: configs, measurements: measurements)
  }

  /// Reads and decodes a baseline file.
  public static func load(path: String) throws(BaselineError) -> SpeedupBaseline {
    guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    struct Version: Decodable { var formatVersion: Int }
    let decoder = JSONDecoder()
    do {
      let version = try decoder.decode(Version.self, from: data).formatVersion
      guard version == currentFormatVersion else {
        throw BaselineError.unsupportedVersion(
          path: path, found: version, expected: currentFormatVersion)
      }
      return try decoder.decode(SpeedupBaseline.self, from: data)
    } catch let error as BaselineError {
      throw error
    } catch let error as DecodingError {
      throw .malformed(path: path, detail: DecodingProblem.describe(error))
    } catch {
      throw .malformed(path: path, detail: "\(error)")
    }
  }

  /// Writes the baseline to `path` atomically (partial file + rename).
  public func write(to path: String) throws(BaselineError) {
    do throws(ReportError) {
      let text = try SortedJSON.string(self, what: "the baseline")
      try ReportError.writing { () throws(FileOutputError) in try AtomicFile.write(text, to: path) }
    } catch {
      throw .cannotWrite(error)
    }
  }
}
