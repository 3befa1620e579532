import Simulator
import TraceFormat

/// What identifies a trace across runs of `deft-sim check` and in reports: its file name and a
/// fingerprint of its content (header fields and record counts), so a baseline recorded on one
/// trace is never silently compared with another one of the same name.
public struct TraceIdentity: Codable, Sendable, Equatable, Hashable {
  /// The file name (last path component): paths differ between machines, names do not.
  public var file: String
  public var fingerprint: TraceFingerprint

  public init(file: String, fingerprint: TraceFingerprint) {
    self.file = file
    self.fingerprint = fingerprint
  }

  /// The identity of the trace at `path` that produced `result`.
  public init(path: String, result: SimulationResult) {
    self.file = fileName(path)
    self.fingerprint = TraceFingerprint(
      header: result.traceHeader, sequences: result.sequences, tokens: result.tokens)
  }
}

/// Content fields of a trace that change when it is re-recorded: model, task, method, seed,
/// zero definition, and the number of records and tokens.
public struct TraceFingerprint: Codable, Sendable, Equatable, Hashable {
  public var model: String
  public var task: String
  public var split: String
  public var peftMethod: String
  /// A DEFT run: a density loss or ADA-DEFT gates (``DEFTDescription/isDEFTRun``).
  public var deftEnabled: Bool
  public var seed: UInt64
  public var zeroDefinition: String
  public var sequences: Int
  public var tokens: Int

  public init(header: TraceHeader, sequences: Int, tokens: Int) {
    self.model = header.model.name
    self.task = header.task.name
    self.split = header.task.split
    self.peftMethod = header.peft.method
    self.deftEnabled = header.deft.isDEFTRun
    self.seed = header.seed
    self.zeroDefinition = header.zeroDefinition.label
    self.sequences = sequences
    self.tokens = tokens
  }

  /// `model m, task t/s, peft lora, DEFT on, seed 3, zero definition exact, 6 records, 42 tokens`.
  public var summary: String {
    "model \(model.isEmpty ? "(unnamed)" : model), task \(task)/\(split), peft \(peftMethod), "
      + "DEFT \(deftEnabled ? "on" : "off"), seed \(seed), zero definition \(zeroDefinition), "
      + "\(sequences) records, \(tokens) tokens"
  }

  /// The fields that differ from `other`, as `seed 3 → 4` phrases.
  public func differences(from other: TraceFingerprint) -> [String] {
    var out: [String] = []
    func note(_ name: String, _ a: String, _ b: String) {
      if a != b { out.append("\(name) \(a) → \(b)") }
    }
    note("model", other.model, model)
    note("task", "\(other.task)/\(other.split)", "\(task)/\(split)")
    note("peft", other.peftMethod, peftMethod)
    note("DEFT", other.deftEnabled ? "on" : "off", deftEnabled ? "on" : "off")
    note("seed", "\(other.seed)", "\(seed)")
    note("zero definition", other.zeroDefinition, zeroDefinition)
    note("records", "\(other.sequences)", "\(sequences)")
    note("tokens", "\(other.tokens)", "\(tokens)")
    return out
  }
}

/// The last path component of `path`.
func fileName(_ path: String) -> String {
  path.split(separator: "/").last.map(String.init) ?? path
}
