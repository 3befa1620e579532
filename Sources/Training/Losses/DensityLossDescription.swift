/// One-line descriptions of density-loss settings for summaries, tables and sweep points.
public enum DensityLossDescription {
  /// E.g. `element, λ = 1.0, ε = 0.01` or `tile t=32, λ = 1.0, ε = 0.01, λ warm-up 100, ramp 200`.
  public static func describe(_ d: DensityLoss) -> String {
    var kind = d.resolvedKind.rawValue
    switch d.resolvedKind {
    case .element: break
    case .int8:
      kind +=
        " (√ε = \(d.resolvedInt8Factor)·step, re-calibrated every \(d.resolvedRecalibrateEvery))"
    case .block: kind += " g=\(d.blockSize ?? 1)"
    case .tile: kind += " t=\(d.tileTokens ?? 1)"
    }
    var parts = [kind, "λ = \(d.weight)"]
    if d.resolvedKind != .int8 { parts.append("ε = \(d.epsilon)") }
    if d.includePadding { parts.append("padding included") }
    if let w = d.warmupSteps { parts.append("λ warm-up \(w) steps") }
    if let r = d.rampSteps { parts.append("λ ramp \(r) steps") }
    return parts.joined(separator: ", ")
  }
}
