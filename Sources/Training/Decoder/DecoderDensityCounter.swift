import TraceFormat

/// Counts non-zero gate activations per zero definition, per layer, separately for prefill and
/// decode forward calls.
public struct DecoderDensityCounter: Sendable {
  public let labels: [String]
  /// `thresholds[d][layer]`: non-zero when |a| > threshold.
  let thresholds: [[Float]]
  /// `nonZero[phase][d][layer]`, phase 0 prefill, 1 decode.
  var nonZero: [[[Int]]]
  var elements: [[Int]]

  public init(definitions: [(label: String, definition: ZeroDefinition)], layers: Int) {
    labels = definitions.map(\.label)
    thresholds = definitions.map { d in
      (0..<layers).map { DensityThreshold.threshold(for: d.definition, layer: $0) }
    }
    nonZero = Array(
      repeating: Array(repeating: Array(repeating: 0, count: layers), count: definitions.count),
      count: 2)
    elements = Array(repeating: Array(repeating: 0, count: layers), count: 2)
  }

  public mutating func add(
    phase: TracePhase, layer: Int, gate: UnsafeBufferPointer<Float>
  ) {
    let p = phase == .decode ? 1 : 0
    elements[p][layer] += gate.count
    for d in thresholds.indices {
      let tau = thresholds[d][layer]
      var count = 0
      for v in gate where !(abs(v) <= tau) { count += 1 }
      nonZero[p][d][layer] += count
    }
  }

  /// Mean density over layers (each layer weighted by its elements) of definition `d` in
  /// `phase` (prefill or decode), or nil when the phase saw nothing.
  public func density(_ d: Int, phase: TracePhase) -> Double? {
    let p = phase == .decode ? 1 : 0
    let total = elements[p].reduce(0, +)
    guard total > 0 else { return nil }
    return Double(nonZero[p][d].reduce(0, +)) / Double(total)
  }

  /// Per-layer densities of definition `d` in `phase`.
  public func layerDensities(_ d: Int, phase: TracePhase) -> [Double] {
    let p = phase == .decode ? 1 : 0
    return zip(nonZero[p][d], elements[p]).map { Double($0) / Double(max($1, 1)) }
  }
}
