import Foundation
import TensorCore
import Testing

/// Central-difference gradient checks (llm.c / tinygrad style): the loss is `Σ r ⊙ y` for fixed
/// random `r` (the VJP trick), evaluated in Double; every coordinate of a tensor is perturbed by
/// ±`step` and ±`step/2`, the two central differences combined by Richardson extrapolation
/// (error O(step⁴), so Float forward passes still give tight slopes), and the numeric slope
/// compared with the analytic gradient in the max norm:
/// `‖analytic − numeric‖∞ ≤ relativeTolerance · ‖numeric‖∞ + absoluteTolerance`.
enum GradientCheck {
  struct Outcome: CustomStringConvertible {
    var name: String
    var maxError: Double
    var maxNumeric: Double
    var worstIndex: Int
    var description: String {
      "\(name): max |analytic − numeric| = \(maxError) at \(worstIndex), max |numeric| = \(maxNumeric)"
    }
  }

  /// Compares `analytic` with central differences of `loss` over `count` coordinates read and
  /// written through `get`/`set`.
  static func compare(
    _ name: String, analytic: [Float], count: Int, get: (Int) -> Float, set: (Int, Float) -> Void,
    loss: () -> Double, step: Float = 1e-2
  ) -> Outcome {
    precondition(analytic.count == count, "\(name): \(analytic.count) analytic vs \(count)")
    var outcome = Outcome(name: name, maxError: 0, maxNumeric: 0, worstIndex: -1)
    for i in 0..<count {
      let original = get(i)
      func slope(_ h: Float) -> Double {
        set(i, original + h)
        let plus = loss()
        set(i, original - h)
        let minus = loss()
        set(i, original)
        return (plus - minus) / (2 * Double(h))
      }
      let numeric = (4 * slope(step / 2) - slope(step)) / 3
      let error = abs(Double(analytic[i]) - numeric)
      outcome.maxNumeric = max(outcome.maxNumeric, abs(numeric))
      if error > outcome.maxError {
        outcome.maxError = error
        outcome.worstIndex = i
      }
    }
    return outcome
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
