import Foundation

/// Row-wise softmax and its backward pass.
public enum Softmax {
  /// In-place softmax over each of `rows` rows of `columns` values (row stride `columns`).
  @inlinable
  public static func forward(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows {
      let row = x + r * columns
      var maxValue = -Float.infinity
      for j in 0..<columns { maxValue = max(maxValue, row[j]) }
      var sum: Float = 0
      for j in 0..<columns {
        let e = expf(row[j] - maxValue)
        row[j] = e
        sum += e
      }
      let inv = 1 / sum
      for j in 0..<columns { row[j] *= inv }
    }
  }

  /// `dX = P ⊙ (dP − rowsum(dP ⊙ P))` for probabilities `P`; `gradInput` may alias `gradOutput`.
  @inlinable
  public static func backward(
    probabilities p: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
    gradInput: UnsafeMutablePointer<Float>, rows: Int, columns: Int
  ) {
    for r in 0..<rows {
      let o = r * columns
      var dot: Float = 0
      for j in 0..<columns { dot += p[o + j] * gradOutput[o + j] }
      for j in 0..<columns { gradInput[o + j] = p[o + j] * (gradOutput[o + j] - dot) }
    }
  }
}
