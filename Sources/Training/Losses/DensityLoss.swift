import Model
import TensorCore

/// DEFT's density loss (Runwal et al.): `λ · mean over layers, rows, units of a² / (a² + ε)`, a
/// smooth count of the non-zero MLP activations `a` (after GELU). The term is ½ at `|a| = √ε`,
/// so ε sets the magnitude below which an activation counts as zero.
///
/// `d/da [a²/(a²+ε)] = 2aε / (a² + ε)²`.
public struct DensityLoss: Sendable, Equatable, Codable {
  /// λ.
  public var weight: Float
  /// ε.
  public var epsilon: Float
  /// Average over padding rows too, as the paper's code (it pads to the longest sequence).
  public var includePadding: Bool

  public init(weight: Float = 1.0, epsilon: Float = 1e-7, includePadding: Bool = false) {
    precondition(weight >= 0 && epsilon > 0, "density loss needs weight >= 0 and epsilon > 0")
    self.weight = weight
    self.epsilon = epsilon
    self.includePadding = includePadding
  }

  /// The soft non-zero indicator `a² / (a² + ε)`.
  @inlinable
  public static func softNonZero<T: BinaryFloatingPoint>(_ a: T, epsilon: T) -> T {
    let a2 = a * a
    return a2 / (a2 + epsilon)
  }

  /// Its derivative `2aε / (a² + ε)²`.
  @inlinable
  public static func softNonZeroDerivative<T: BinaryFloatingPoint>(_ a: T, epsilon: T) -> T {
    let d = a * a + epsilon
    return 2 * a * epsilon / (d * d)
  }

  /// The rows of `layout` the loss averages over: prompt + real tokens, plus padding when
  /// `includePadding`.
  public func rows(of layout: SequenceLayout, sequence s: Int) -> Range<Int> {
    includePadding
      ? layout.offsets[s]..<(layout.offsets[s] + layout.lengths[s]) : layout.tracedRows(s)
  }

  /// Number of rows averaged over in `layout`.
  public func rowCount(_ layout: SequenceLayout) -> Int {
    (0..<layout.sequenceCount).reduce(0) { $0 + rows(of: layout, sequence: $1).count }
  }

  /// The loss contribution of one layer's activations `[N, F]` over the rows of `layout`, divided
  /// by `normalizer` (all averaged elements of the whole batch: rows × units × layers), and, when
  /// `gradient` is true, `d contribution / d a` (zero outside the averaged rows).
  public func evaluate(
    activations: Tensor, layout: SequenceLayout, normalizer: Int, gradient wantGradient: Bool
  ) -> (loss: Double, gradient: Tensor?) {
    let f = activations.dim(1)
    let eps = epsilon
    let scale = weight / Float(normalizer)
    var grad = wantGradient ? Tensor(zeros: activations.shape) : nil
    var total = 0.0
    activations.withUnsafeBufferPointer { ab in
      let a = ab.baseAddress.unsafelyUnwrapped
      for s in 0..<layout.sequenceCount {
        let rows = rows(of: layout, sequence: s)
        let start = rows.lowerBound * f
        let count = rows.count * f
        var partial: Float = 0
        var blockSum = 0.0
        for i in start..<(start + count) {
          partial += Self.softNonZero(a[i], epsilon: eps)
          if (i - start) % 4096 == 4095 {
            blockSum += Double(partial)
            partial = 0
          }
        }
        total += blockSum + Double(partial)
        if wantGradient {
          grad?.withUnsafeMutableBufferPointer { gb in
            let g = gb.baseAddress.unsafelyUnwrapped
            for i in start..<(start + count) {
              g[i] = scale * Self.softNonZeroDerivative(a[i], epsilon: eps)
            }
          }
        }
      }
    }
    return (Double(weight) * total / Double(normalizer), grad)
  }
}
