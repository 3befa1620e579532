import TraceFormat

/// One matrix product of a version-2 workload: an `m × k` input times a `k × n` second operand,
/// repeated `instances` times (e.g. once per key/value head). Unlike the version-1 `GEMMShape` it
/// says what the second operand is, which GEMMs the trace's masks let hardware skip and on which
/// side, and how many of the `m·k·n·instances` products are needed (a causal attention rectangle
/// is only partly used).
public struct WorkloadGEMM: Codable, Sendable, Equatable, Hashable {
  /// Stable name used in results: `qkv-projection`, `attention-scores`, `mlp-gate`, ….
  public var name: String
  public var m: Int
  public var k: Int
  public var n: Int
  public var instances: Int
  /// Weights (streamed from memory unless resident) or activations of the same sequence
  /// (attention against the KV cache).
  public var operand: SecondOperand
  /// Where the record's MLP masks apply.
  public var mask: MaskUse
  /// Both operands belong to one sequence: a batch runs it once per sequence.
  public var perSequence: Bool
  /// Products actually needed: `m·k·n·instances` except for causal attention, where token j of
  /// a sequence needs only its own context length of keys.
  public var neededMACs: Int

  public init(
    name: String, m: Int, k: Int, n: Int, instances: Int = 1, operand: SecondOperand = .weights,
    mask: MaskUse = .none, perSequence: Bool = false, neededMACs: Int? = nil
  ) throws(WorkloadError) {
    guard m >= 0, k >= 1, n >= 1, instances >= 1 else {
      throw .invalidShape(name: name, reason: "\(m) x \(k) x \(n) x \(instances) instances")
    }
    guard let all = TraceLimits.product([m, k, n, instances]) else {
      throw .overflow(what: "MACs of \(name) (\(m) x \(k) x \(n) x \(instances))")
    }
    self.name = name
    self.m = m
    self.k = k
    self.n = n
    self.instances = instances
    self.operand = operand
    self.mask = mask
    self.perSequence = perSequence
    self.neededMACs = neededMACs ?? all
    guard self.neededMACs <= all else {
      throw .invalidShape(name: name, reason: "needed MACs \(self.neededMACs) above \(all)")
    }
  }

  /// Multiply-accumulates of the whole rectangle, all instances.
  public var macs: Int { m * k * n * instances }

  /// The second operand of a GEMM.
  public enum SecondOperand: String, Codable, Sendable {
    case weights
    /// Keys or values of the same sequence (self- or cross-attention).
    case activations
  }

  /// How the MLP masks of the record (one bit per token and intermediate unit) apply.
  public enum MaskUse: String, Codable, Sendable {
    /// Dense: the masks do not change this GEMM.
    case none
    /// The masks select the K dimension (the input units: columns of W_down's input, i.e. rows
    /// of the k × n weight): a zero unit of a token skips that row's products for that token,
    /// and a weight row no token of a tile needs need not be fetched.
    case inputUnits
    /// The masks select the N dimension (the output units: rows of W_up in PyTorch's
    /// `[out, in]` layout, columns of the k × n weight): a zero gate unit makes that output
    /// useless, so its column of products is skipped for that token.
    case outputUnits
  }
}

/// Why a version-2 workload cannot be derived.
public enum WorkloadError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The header is version 1 (use `LayerWorkload`) or its phase is not in the architecture.
  case unsupported(String)
  case invalidShape(name: String, reason: String)
  /// A count would not fit a 64-bit integer.
  case overflow(what: String)
  /// A sequence's token data is inconsistent.
  case invalidSequence(index: Int, reason: String)

  public var description: String {
    switch self {
    case .unsupported(let reason): return "workload: \(reason)"
    case .invalidShape(let name, let reason):
      return "workload GEMM \(name): invalid shape \(reason)"
    case .overflow(let what): return "workload: \(what) overflows a 64-bit integer"
    case .invalidSequence(let index, let reason): return "workload sequence \(index): \(reason)"
    }
  }
}
