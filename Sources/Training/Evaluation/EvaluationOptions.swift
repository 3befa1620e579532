import TraceFormat

/// How an evaluation pass measures density and records a trace.
public struct EvaluationOptions: Sendable {
  /// Limits of the settings (docs/hostile-input.md).
  public enum Limits {
    public static let batchSize = 1...4096
  }

  public var batchSize: Int
  public var threads: Int
  /// Thresholds of the `threshold(τ)` zero definitions measured besides `exact` and int-N.
  public var thresholds: [Float]
  /// Bits of the quantised zero definition (int8 by default).
  public var quantizationBits: Int
  /// Per-layer quantisation scales; nil calibrates them on the evaluation set (max |a| / 127).
  public var scales: [Float]?
  /// Block size (units) and token tile of the block and union densities.
  public var blockUnits: Int
  public var tileTokens: Int
  /// ADA-DEFT: skip MLP blocks whose gate is below this (nil: run every block).
  public var skipThreshold: Float?
  /// Where to write the trace (nil: no trace) and under which zero definition.
  public var tracePath: String?
  public var traceZero: TraceZero
  /// Count densities (a second pass over the set when no scales are given). False gives the
  /// task metrics only (intermediate evaluations during training).
  public var measureDensity: Bool

  public init(
    batchSize: Int = 64, threads: Int = 2, thresholds: [Float] = [1e-3, 1e-2],
    quantizationBits: Int = 8, scales: [Float]? = nil, blockUnits: Int = 4, tileTokens: Int = 16,
    skipThreshold: Float? = nil, tracePath: String? = nil, traceZero: TraceZero = .quantized,
    measureDensity: Bool = true
  ) {
    self.batchSize = batchSize
    self.threads = threads
    self.thresholds = thresholds
    self.quantizationBits = quantizationBits
    self.scales = scales
    self.blockUnits = blockUnits
    self.tileTokens = tileTokens
    self.skipThreshold = skipThreshold
    self.tracePath = tracePath
    self.traceZero = traceZero
    self.measureDensity = measureDensity
  }
}

/// The zero definition a trace is recorded under.
public enum TraceZero: Sendable, Equatable, CustomStringConvertible {
  /// int-N with the evaluation's per-layer scales: what an integer accelerator sees (default).
  case quantized
  case exact
  case threshold(Float)

  /// `int8` (any `intN`), `exact` or `threshold:τ` (e.g. `threshold:0.001`).
  public init?(parsing text: String) {
    if text == "exact" {
      self = .exact
    } else if text.hasPrefix("int") || text == "quantized" {
      self = .quantized
    } else if text.hasPrefix("threshold:"), let tau = Float(text.dropFirst(10)), tau >= 0,
      tau.isFinite
    {
      self = .threshold(tau)
    } else {
      return nil
    }
  }

  public var description: String {
    switch self {
    case .quantized: return "quantized"
    case .exact: return "exact"
    case .threshold(let t): return "threshold:\(t)"
    }
  }

  func definition(bits: Int, scales: [Float]) -> ZeroDefinition {
    switch self {
    case .quantized: return .quantized(bits: bits, scales: scales)
    case .exact: return .exact
    case .threshold(let t): return .threshold(t)
    }
  }
}

/// The outcome of an evaluation.
public struct EvaluationResult: Sendable, Codable, Equatable {
  public var metrics: TaskMetrics
  /// Per-layer density under every zero definition, over prompt + real tokens.
  public var density: DensityReport
  /// The int-N scales used (calibrated or given).
  public var scales: [Float]
  /// ADA-DEFT: layers whose MLP block was skipped, and the gate values.
  public var skippedLayers: [Int]
  public var gateValues: [Float]?
  public var sequences: Int
  public var tokens: Int
  /// The trace written, if any, and its zero definition.
  public var tracePath: String?
  public var traceZeroDefinition: ZeroDefinition?
  /// What was predicted for each example (not in metrics.json; `eval --predictions-out`).
  public var predictions: EvaluationPredictions? = nil

  enum CodingKeys: String, CodingKey {
    case metrics, density, scales, skippedLayers, gateValues, sequences, tokens, tracePath
    case traceZeroDefinition
  }
}
