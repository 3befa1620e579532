import Foundation
import NumericalGradient
import TensorCore
import Testing
import Training

/// Distillation's `w·T²·KL(p_t ‖ p_s)`: value against a Double reference, gradient against
/// central differences, zero when the student equals the teacher.
@Suite struct DistillationLossTests {
  static func reference(_ s: [Float], _ t: [Float], classes c: Int, w: Double, temperature: Double)
    -> Double
  {
    var total = 0.0
    for r in 0..<(s.count / c) {
      func p(_ z: [Float]) -> [Double] {
        let e = (0..<c).map { exp(Double(z[r * c + $0]) / temperature) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
      }
      let ps = p(s)
      let pt = p(t)
      for j in 0..<c { total += pt[j] * log(pt[j] / ps[j]) }
    }
    return w * temperature * temperature * total
  }

  @Test(arguments: [1.0, 2.0, 0.5])
  func valueAndGradient(_ temperature: Double) {
    let c = 3
    var student: [Float] = [0.2, -1.0, 0.7, 1.5, 0.1, -0.3]
    let teacher: [Float] = [1.0, -0.5, 0.0, -0.2, 0.9, 0.4]
    let loss = DistillationLoss(
      teacherCheckpoint: "-", weight: 0.6, temperature: Float(temperature))
    let (value, gradient) = loss.evaluate(
      student: Tensor(shape: [2, c], scalars: student),
      teacher: Tensor(shape: [2, c], scalars: teacher), normalizer: 4)
    let expected =
      Self.reference(student, teacher, classes: c, w: 0.6, temperature: temperature) / 4
    #expect(abs(value - expected) <= 1e-6 * abs(expected) + 1e-12)  // w is a Float
    let outcome = CentralDifference.compare(
      "distillation", analytic: gradient.scalars, count: student.count, get: { student[$0] },
      set: { student[$0] = $1 },
      loss: { Self.reference(student, teacher, classes: c, w: 0.6, temperature: temperature) / 4 },
      step: 1e-2)
    #expect(outcome.passes(relative: 1e-4, absolute: 1e-7), "\(outcome)")
    let same = loss.evaluate(
      student: Tensor(shape: [2, c], scalars: teacher),
      teacher: Tensor(shape: [2, c], scalars: teacher), normalizer: 4)
    #expect(abs(same.loss) < 1e-12)
  }
}
