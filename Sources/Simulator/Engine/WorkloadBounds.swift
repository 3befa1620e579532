/// Overflow-checked bounds on the work a trace asks for (docs/hostile-input.md, "Hardware
/// configs"): every product the engine forms from header dimensions and token counts is checked
/// with `multipliedReportingOverflow` before it is formed, so that no count traps or wraps
/// negative. A GEMM may ask for at most 2^52 MACs (a count ×(bytes, passes) stays < 2^62).
enum WorkloadBounds {
  static let maxWork = 1 << 52

  /// `a × b × …` or nil when a partial product exceeds ``maxWork`` (or overflows).
  static func product(_ factors: [Int]) -> Int? {
    var result = 1
    for f in factors {
      guard f >= 0 else { return nil }
      let (p, overflow) = result.multipliedReportingOverflow(by: f)
      guard !overflow, p <= maxWork else { return nil }
      result = p
    }
    return result
  }

  /// The layer's GEMMs for a batch of `m` tokens whose longest sequence has `t` tokens.
  static func check(_ dims: TraceHeaderDimensions, batchTokens m: Int, longestSequence t: Int)
    throws(SimulationError)
  {
    let d = dims.hidden
    let f = dims.intermediate
    func need(_ gemm: String, _ field: String, _ factors: [Int]) throws(SimulationError) {
      guard product(factors) != nil else {
        throw .workloadTooLarge(
          gemm: gemm, field: field,
          found: factors.map(String.init).joined(separator: " × ") + " > 2^52")
      }
    }
    try need("qkv-projection", "model.hidden", [3, d, d, max(m, 1)])
    try need("mlp-up", "model.intermediate", [d, f, max(m, 1)])
    let (keys, overflow) = t.addingReportingOverflow(dims.prefixLength)
    guard !overflow, keys <= maxWork else {
      throw .workloadTooLarge(
        gemm: "attention-scores", field: "peft.prefixLength",
        found: "\(t) tokens + \(dims.prefixLength) prefix > 2^52")
    }
    try need("attention-scores", "peft.prefixLength", [max(t, 1), max(keys, 1), d])
    try need("softmax", "model.heads", [dims.heads, max(t, 1), max(keys, 1)])
    if let w = dims.adapterWidth {
      try need("adapter-down", "peft.adapterWidth", [d, w, max(m, 1)])
    }
    if let r = dims.loraRank { try need("lora", "peft.loraRank", [max(d, f), r, max(m, 1)]) }
  }
}
