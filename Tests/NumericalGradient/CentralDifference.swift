/// Central-difference slopes for gradient checks, shared by the test targets (llm.c / tinygrad
/// style): every coordinate is perturbed by ±`step` and ±`step/2`, and the two central
/// differences are combined by Richardson extrapolation (error O(step⁴)), so Float forward passes
/// still give tight slopes. Comparison is in the max norm.
public enum CentralDifference {
  public struct Outcome: CustomStringConvertible, Sendable {
    public var name: String
    public var maxError: Double
    public var maxNumeric: Double
    public var worstIndex: Int
    public var description: String {
      "\(name): max |analytic − numeric| = \(maxError) at \(worstIndex), max |numeric| = \(maxNumeric)"
    }

    /// `‖analytic − numeric‖∞ ≤ relative · ‖numeric‖∞ + absolute`.
    public func passes(relative: Double, absolute: Double) -> Bool {
      maxError <= relative * maxNumeric + absolute
    }
  }

  /// Compares `analytic` with the numeric slopes of `loss` over `count` coordinates read and
  /// written through `get`/`set` (each coordinate is restored afterwards).
  public static func compare(
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
}
