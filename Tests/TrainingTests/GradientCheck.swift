/// Central differences with Richardson extrapolation (error O(step⁴)), compared in the max
/// norm. The same harness as ModelTests' (test targets cannot share files).
enum GradientCheck {
  struct Outcome: CustomStringConvertible {
    var name: String
    var maxError: Double
    var maxNumeric: Double
    var description: String {
      "\(name): max |analytic − numeric| = \(maxError), max |numeric| = \(maxNumeric)"
    }
  }

  static func compare(
    _ name: String, analytic: [Float], count: Int, get: (Int) -> Float, set: (Int, Float) -> Void,
    loss: () -> Double, step: Float = 1e-2
  ) -> Outcome {
    var outcome = Outcome(name: name, maxError: 0, maxNumeric: 0)
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
      outcome.maxNumeric = max(outcome.maxNumeric, abs(numeric))
      outcome.maxError = max(outcome.maxError, abs(Double(analytic[i]) - numeric))
    }
    return outcome
  }
}
