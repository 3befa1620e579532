import Foundation
import NumericalGradient
import TensorCore
import Testing

/// Central-difference gradient checks (llm.c / tinygrad style): the loss is `Σ r ⊙ y` for fixed
/// random `r` (the VJP trick), evaluated in Double; every coordinate of a tensor is perturbed by
/// ±`step` and ±`step/2`, the two central differences combined by Richardson extrapolation
/// (error O(step⁴), so Float forward passes still give tight slopes), and the numeric slope
/// compared with the analytic gradient in the max norm:
/// `‖analytic − numeric‖∞ ≤ relativeTolerance · ‖numeric‖∞ + absoluteTolerance`.
enum GradientCheck {
  typealias Outcome = CentralDifference.Outcome

  static func compare(
    _ name: String, analytic: [Float], count: Int, get: (Int) -> Float, set: (Int, Float) -> Void,
    loss: () -> Double
  ) -> Outcome {
    CentralDifference.compare(
      name, analytic: analytic, count: count, get: get, set: set, loss: loss)
  }

  /// Checks a parameter's analytic gradient.
  static func expect(
    _ parameter: Parameter, analytic: Tensor, loss: () -> Double, relativeTolerance: Double = 1e-2,
    absoluteTolerance: Double = 1e-4, requireNonZero: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let outcome = compare(
      parameter.name, analytic: analytic.scalars, count: parameter.value.count,
      get: { parameter.value.scalars[$0] }, set: { parameter.value.scalars[$0] = $1 }, loss: loss)
    expect(outcome, relativeTolerance, absoluteTolerance, requireNonZero, sourceLocation)
  }

  static func expect(
    _ outcome: Outcome, _ relativeTolerance: Double = 1e-2, _ absoluteTolerance: Double = 1e-4,
    _ requireNonZero: Bool = true, _ sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      outcome.maxError <= relativeTolerance * outcome.maxNumeric + absoluteTolerance,
      "\(outcome)", sourceLocation: sourceLocation)
    if requireNonZero {
      #expect(
        outcome.maxNumeric > 1e-3, "\(outcome.name): gradient is ~0, the check says nothing",
        sourceLocation: sourceLocation)
    }
  }

  /// `Σ r ⊙ y` in Double.
  static func dot(_ y: [Float], _ r: [Float]) -> Double {
    precondition(y.count == r.count, "dot: \(y.count) vs \(r.count)")
    var s = 0.0
    for i in 0..<y.count { s += Double(y[i]) * Double(r[i]) }
    return s
  }

  static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var g = SplitMix64(seed: seed)
    return (0..<count).map { _ in scale * g.nextNormal() }
  }
}
