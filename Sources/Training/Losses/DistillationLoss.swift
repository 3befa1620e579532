import Foundation
import TensorCore

/// Distillation from a teacher's logits (Hinton et al.): `w · T² · KL(p_t ‖ p_s)` with
/// `p = softmax(z / T)`, summed over rows and divided by `normalizer`. Its gradient with respect
/// to the student's logits is `w · T · (p_s − p_t) / normalizer`.
// B sequences, C classes
public struct DistillationLoss: Sendable, Equatable, Codable {
  /// The teacher run's checkpoint (`RUN/checkpoint.safetensors`).
  public var teacherCheckpoint: String
  /// w.
  public var weight: Float
  /// T (default 1).
  public var temperature: Float?

  public init(teacherCheckpoint: String, weight: Float = 1, temperature: Float? = nil) {
    self.teacherCheckpoint = teacherCheckpoint
    self.weight = weight
    self.temperature = temperature
  }

  public var resolvedTemperature: Float { temperature ?? 1 }

  public var problems: [String] {
    var out: [String] = []
    if !(weight >= 0 && weight.isFinite) {
      out.append("distillation weight must be finite and >= 0, got \(weight)")
    }
    if let t = temperature, !(t > 0 && t.isFinite) {
      out.append("distillation temperature must be finite and > 0, got \(t)")
    }
    return out
  }

  static func softmax(_ row: UnsafePointer<Float>, count c: Int, temperature t: Double) -> [Double]
  {
    var m = -Double.infinity
    for j in 0..<c { m = max(m, Double(row[j]) / t) }
    let e = (0..<c).map { exp(Double(row[$0]) / t - m) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// The loss of `student[B, C]` against `teacher[B, C]` and its gradient.
  public func evaluate(student: Tensor, teacher: Tensor, normalizer: Int) -> (
    loss: Double, gradient: Tensor
  ) {
    precondition(
      student.shape == teacher.shape, "student \(student.shape), teacher \(teacher.shape)")
    let b = student.dim(0)
    let c = student.dim(1)
    let t = Double(resolvedTemperature)
    var gradient = Tensor(zeros: student.shape)
    var total = 0.0
    student.withUnsafeBufferPointer { sb in
      teacher.withUnsafeBufferPointer { tb in
        gradient.withUnsafeMutableBufferPointer { gb in
          for r in 0..<b {
            let ps = Self.softmax(
              sb.baseAddress.unsafelyUnwrapped + r * c, count: c, temperature: t)
            let pt = Self.softmax(
              tb.baseAddress.unsafelyUnwrapped + r * c, count: c, temperature: t)
            for j in 0..<c {
              if pt[j] > 0 { total += pt[j] * (log(pt[j]) - log(max(ps[j], 1e-300))) }
              gb[r * c + j] = Float(Double(weight) * t * (ps[j] - pt[j]) / Double(normalizer))
            }
          }
        }
      }
    }
    return (Double(weight) * t * t * total / Double(normalizer), gradient)
  }
}

extension Tensor {
  /// Rows `range` of a 2-D tensor, as a new tensor.
  func rowSlice(_ range: Range<Int>) -> Tensor {
    let c = dim(1)
    return Tensor(
      shape: [range.count, c],
      scalars: Array(scalars[(range.lowerBound * c)..<(range.upperBound * c)]))
  }

  /// `self += other` elementwise (same shape).
  mutating func addElementwise(_ other: Tensor) {
    precondition(shape == other.shape, "\(shape) += \(other.shape)")
    other.withUnsafeBufferPointer { ob in
      withUnsafeMutableBufferPointer { sb in
        for i in 0..<sb.count { sb[i] += ob[i] }
      }
    }
  }
}
