import Model
import TensorCore

extension DensityLoss {
  /// The soft non-zero indicator of a group with sum of squares `s`: `s / (s + ε)`.
  @inlinable
  public static func softNonZeroGroup<T: BinaryFloatingPoint>(sumOfSquares s: T, epsilon: T) -> T {
    s / (s + epsilon)
  }

  /// `d/da_k [S/(S+ε)]` for a member `a_k` of a group with `S = Σ a²`: `2 a_k ε / (S+ε)²`.
  @inlinable
  public static func softNonZeroGroupDerivative<T: BinaryFloatingPoint>(
    _ a: T, sumOfSquares s: T, epsilon: T
  ) -> T {
    let d = s + epsilon
    return 2 * a * epsilon / (d * d)
  }

  /// The block and tile losses: `λ/normalizer · Σ over groups of S/(S+ε)`, groups being blocks of
  /// g consecutive units of one row (`.block`) or one unit over t consecutive rows of one
  /// sequence (`.tile`, tiles start at each sequence's first averaged row; the last may be
  /// shorter). Rows outside the averaged ones get zero gradient.
  func evaluateGroups(
    activations: Tensor, layout: SequenceLayout, normalizer: Int, gradient wantGradient: Bool,
    epsilon eps: Float
  ) -> (loss: Double, gradient: Tensor?) {
    let f = activations.dim(1)
    let scale = weight / Float(normalizer)
    var grad = wantGradient ? Tensor(zeros: activations.shape) : nil
    var total = 0.0
    activations.withUnsafeBufferPointer { ab in
      let a = ab.baseAddress.unsafelyUnwrapped
      func visit(_ body: (UnsafeMutablePointer<Float>?) -> Void) {
        if wantGradient {
          grad?.withUnsafeMutableBufferPointer { body($0.baseAddress) }
        } else {
          body(nil)
        }
      }
      visit { g in
        for s in 0..<layout.sequenceCount {
          let rows = rows(of: layout, sequence: s)
          switch resolvedKind {
          case .block:
            total += blockTerms(a, g, rows: rows, units: f, eps: eps, scale: scale)
          case .tile:
            total += tileTerms(a, g, rows: rows, units: f, eps: eps, scale: scale)
          case .element, .int8:
            preconditionFailure("element losses are evaluated elementwise")
          }
        }
      }
    }
    return (Double(weight) * total / Double(normalizer), grad)
  }

  private func blockTerms(
    _ a: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>?, rows: Range<Int>, units f: Int,
    eps: Float, scale: Float
  ) -> Double {
    let size = blockSize ?? 1
    var total = 0.0
    for r in rows {
      let row = a + r * f
      var start = 0
      var partial: Float = 0
      while start < f {
        let end = min(start + size, f)
        var s: Float = 0
        for k in start..<end { s += row[k] * row[k] }
        partial += Self.softNonZeroGroup(sumOfSquares: s, epsilon: eps)
        if let g {
          let d = s + eps
          let c = scale * 2 * eps / (d * d)
          for k in start..<end { g[r * f + k] = c * row[k] }
        }
        start = end
      }
      total += Double(partial)
    }
    return total
  }

  private func tileTerms(
    _ a: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>?, rows: Range<Int>, units f: Int,
    eps: Float, scale: Float
  ) -> Double {
    let t = tileTokens ?? 1
    var total = 0.0
    var sums = [Float](repeating: 0, count: f)
    var first = rows.lowerBound
    while first < rows.upperBound {
      let last = min(first + t, rows.upperBound)
      for k in 0..<f { sums[k] = 0 }
      for r in first..<last {
        let row = a + r * f
        for k in 0..<f { sums[k] += row[k] * row[k] }
      }
      var partial: Float = 0
      for k in 0..<f { partial += Self.softNonZeroGroup(sumOfSquares: sums[k], epsilon: eps) }
      total += Double(partial)
      if let g {
        for k in 0..<f {
          let d = sums[k] + eps
          sums[k] = scale * 2 * eps / (d * d)
        }
        for r in first..<last {
          for k in 0..<f { g[r * f + k] = sums[k] * a[r * f + k] }
        }
      }
      first = last
    }
    return total
  }
}
