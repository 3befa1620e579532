import TraceFormat

/// A zero definition of one layer as a single threshold on `|a|`: the activation is non-zero when
/// `|a| > threshold`. Exact for every `ZeroDefinition` (except that the counter treats a NaN
/// activation as non-zero under every definition):
/// - `exact`: threshold 0;
/// - `threshold(τ)`: τ;
/// - `quantized(bits, scales)`: the largest Float `x` with `(x / scale).rounded() == 0`, found by
///   stepping ulps around `scale / 2`, so the count agrees bit for bit with
///   `ZeroDefinition.isNonZero`; a scale of 0 makes everything zero (threshold +∞).
public enum DensityThreshold {
  public static func threshold(for definition: ZeroDefinition, layer: Int) -> Float {
    switch definition {
    case .exact:
      return 0
    case .threshold(let tau):
      precondition(tau >= 0, "threshold must be >= 0, got \(tau)")
      return tau
    case .quantized(_, let scales):
      precondition(layer < scales.count, "no scale for layer \(layer) (\(scales.count) scales)")
      return quantizedThreshold(scale: scales[layer])
    }
  }

  /// The largest `x >= 0` with `(x / scale).rounded(.toNearestOrEven) == 0`.
  public static func quantizedThreshold(scale: Float) -> Float {
    precondition(scale.isFinite && scale >= 0, "scale must be finite and >= 0, got \(scale)")
    guard scale > 0 else { return .infinity }
    func isZero(_ x: Float) -> Bool { (x / scale).rounded(.toNearestOrEven) == 0 }
    var x = scale * 0.5
    while !isZero(x) && x > 0 { x = x.nextDown }
    while isZero(x.nextUp) && x.nextUp.isFinite { x = x.nextUp }
    return x
  }
}
