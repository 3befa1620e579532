import Model
import TensorCore
import Testing
import Training

@Suite struct DensityLossTests {
  /// d/da a²/(a²+ε) = 2aε/(a²+ε)², checked in Double by central differences near 0 (where the
  /// term changes fastest, |a| ~ √ε) and far from it.
  @Test(arguments: [1e-7, 1e-3, 1e-2])
  func derivativeMatchesFiniteDifferencesInDouble(_ epsilon: Double) {
    let root = epsilon.squareRoot()
    for a in [-30.0, -1, -3 * root, -root, -root / 4, 0, root / 3, root, 2 * root, 0.5, 7] {
      let h = root * 1e-4
      let numeric =
        (DensityLoss.softNonZero(a + h, epsilon: epsilon)
          - DensityLoss.softNonZero(a - h, epsilon: epsilon))
        / (2 * h)
      let analytic = DensityLoss.softNonZeroDerivative(a, epsilon: epsilon)
      #expect(abs(analytic - numeric) <= 1e-6 * max(1, abs(numeric)), "a = \(a), ε = \(epsilon)")
    }
    #expect(abs(DensityLoss.softNonZero(root, epsilon: epsilon) - 0.5) < 1e-12)
    #expect(DensityLoss.softNonZero(0.0, epsilon: epsilon) == 0)
  }

  /// The Float kernel's loss and gradient equal a Double reference; padding rows count only
  /// when asked; the loss lies in [0, λ] and tends to the exact density as ε → 0.
  @Test func kernelMatchesDoubleReferenceAndRespectsRows() {
    let batch = PackedBatch([
      Encoding(inputIds: [1, 2, 3], tokenTypeIds: [0, 0, 0], tokens: []),
      Encoding(inputIds: [1, 2], tokenTypeIds: [0, 0], tokens: []),
    ]).padded(padId: 0)
    let layout = SequenceLayout(batch: batch, promptTokens: 0)
    let f = 5
    var g = SplitMix64(seed: 1)
    var values = (0..<(layout.rowCount * f)).map { _ in g.nextNormal() * 0.05 }
    values[3] = 0
    values[7] = 0
    let a = Tensor(shape: [layout.rowCount, f], scalars: values)
    for includePadding in [false, true] {
      let loss = DensityLoss(weight: 0.7, epsilon: 1e-4, includePadding: includePadding)
      let rows = (0..<2).flatMap { Array(loss.rows(of: layout, sequence: $0)) }
      #expect(rows.count == (includePadding ? 6 : 5))
      let n = rows.count * f
      let (value, gradient) = loss.evaluate(
        activations: a, layout: layout, normalizer: n, gradient: true)
      var reference = 0.0
      for r in rows {
        for j in 0..<f {
          reference += DensityLoss.softNonZero(Double(values[r * f + j]), epsilon: 1e-4)
        }
      }
      #expect(abs(value - 0.7 * reference / Double(n)) < 1e-6)
      #expect(value >= 0 && value <= 0.7)
      let paddingRow = 5  // sequence 1 is padded from 2 to 3 rows
      let g5 = (0..<f).map { gradient?.scalars[paddingRow * f + $0] ?? 0 }
      #expect(includePadding ? g5.contains { $0 != 0 } : g5.allSatisfy { $0 == 0 })
    }
    let tiny = DensityLoss(weight: 1, epsilon: 1e-12)
    let nonZero = values.enumerated().filter {
      layout.tracedRows(0).contains($0.offset / f) || layout.tracedRows(1).contains($0.offset / f)
    }
    .filter { $0.element != 0 }.count
    let (exactish, _) = tiny.evaluate(
      activations: a, layout: layout, normalizer: 25, gradient: false)
    #expect(abs(exactish - Double(nonZero) / 25) < 1e-3)
  }
}
