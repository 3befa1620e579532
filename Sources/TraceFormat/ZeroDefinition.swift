/// What counts as a zero activation when a trace's masks are built.
///
/// - `exact`: a value is non-zero when `a != 0`.
/// - `threshold(τ)`: non-zero when `|a| > τ`.
/// - `quantized(bits, scales)`: non-zero when `round(a / scale[layer]) != 0` — what an integer
///   accelerator with symmetric per-layer quantisation to `bits` bits sees.
public enum ZeroDefinition: Sendable, Equatable, Hashable {
  case exact
  case threshold(Float)
  case quantized(bits: Int, scales: [Float])

  /// A short label for tables: `exact`, `|a|>0.01`, `int8`.
  public var label: String {
    switch self {
    case .exact: return "exact"
    case .threshold(let tau): return "|a|>\(tau)"
    case .quantized(let bits, _): return "int\(bits)"
    }
  }

  /// Whether `value` of layer `layer` counts as non-zero under this definition.
  @inlinable
  public func isNonZero(_ value: Float, layer: Int) -> Bool {
    switch self {
    case .exact: return value != 0
    case .threshold(let tau): return abs(value) > tau
    case .quantized(_, let scales):
      let scale = scales[layer]
      return scale > 0 && (abs(value) / scale).rounded(.toNearestOrEven) != 0
    }
  }
}

extension ZeroDefinition: Codable {
  private enum CodingKeys: String, CodingKey { case kind, threshold, bits, scales }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try c.decode(String.self, forKey: .kind)
    switch kind {
    case "exact": self = .exact
    case "threshold": self = .threshold(try c.decode(Float.self, forKey: .threshold))
    case "quantized":
      self = .quantized(
        bits: try c.decode(Int.self, forKey: .bits),
        scales: try c.decode([Float].self, forKey: .scales))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c,
        debugDescription: "unknown zero definition '\(kind)' (expected exact, threshold, quantized)"
      )
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .exact: try c.encode("exact", forKey: .kind)
    case .threshold(let tau):
      try c.encode("threshold", forKey: .kind)
      try c.encode(tau, forKey: .threshold)
    case .quantized(let bits, let scales):
      try c.encode("quantized", forKey: .kind)
      try c.encode(bits, forKey: .bits)
      try c.encode(scales, forKey: .scales)
    }
  }
}
