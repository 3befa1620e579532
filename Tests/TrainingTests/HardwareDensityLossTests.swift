import Model
import NumericalGradient
import TensorCore
import Testing
import Training

/// The hardware-aware density losses (int8, block, tile) and the λ schedule: values against a
/// Double reference, gradients against central differences of the loss itself.
@Suite struct HardwareDensityLossTests {
  static func layout() -> SequenceLayout {
    let batch = PackedBatch([
      Encoding(inputIds: [1, 2, 3, 4, 5], tokenTypeIds: [0, 0, 0, 0, 0], tokens: []),
      Encoding(inputIds: [1, 2], tokenTypeIds: [0, 0], tokens: []),
    ]).padded(padId: 0)
    return SequenceLayout(batch: batch, promptTokens: 0)
  }

  static func activations(rows: Int, units: Int) -> [Float] {
    var g = SplitMix64(seed: 7)
    var values = (0..<(rows * units)).map { _ in g.nextNormal() * 0.08 }
    values[2] = 0
    values[11] = 0
    return values
  }

  /// Σ over groups of S/(S+ε) in Double, groups as the loss defines them.
  static func reference(_ loss: DensityLoss, _ v: [Float], _ layout: SequenceLayout, units f: Int)
    -> Double
  {
    var total = 0.0
    let eps = Double(loss.epsilon)
    func term(_ members: [Int]) -> Double {
      let s = members.reduce(0.0) { $0 + Double(v[$1]) * Double(v[$1]) }
      return s / (s + eps)
    }
    for seq in 0..<layout.sequenceCount {
      let rows = Array(loss.rows(of: layout, sequence: seq))
      switch loss.resolvedKind {
      case .element, .int8:
        for r in rows { for k in 0..<f { total += term([r * f + k]) } }
      case .block:
        let g = loss.blockSize ?? 1
        for r in rows {
          for start in stride(from: 0, to: f, by: g) {
            total += term(Array(start..<min(start + g, f)).map { r * f + $0 })
          }
        }
      case .tile:
        let t = loss.tileTokens ?? 1
        for start in stride(from: 0, to: rows.count, by: t) {
          let tile = rows[start..<min(start + t, rows.count)]
          for k in 0..<f { total += term(tile.map { $0 * f + k }) }
        }
      }
    }
    return Double(loss.weight) * total
  }

  /// With 7 units, blocks of 3 leave a short last block; with 5 rows, tiles of 2 a short last
  /// tile; blocks of 1 are the element loss.
  static let losses: [DensityLoss] = [
    DensityLoss(weight: 0.7, epsilon: 1e-3, kind: .block, blockSize: 4),
    DensityLoss(weight: 0.7, epsilon: 1e-3, kind: .block, blockSize: 3),
    DensityLoss(weight: 1.3, epsilon: 1e-2, kind: .tile, tileTokens: 2),
    DensityLoss(weight: 1.3, epsilon: 1e-2, includePadding: true, kind: .tile, tileTokens: 4),
    DensityLoss(weight: 0.5, epsilon: 3e-3, kind: .block, blockSize: 1),
  ]

  @Test(arguments: losses)
  func valueMatchesDoubleReferenceAndGradientMatchesFiniteDifferences(_ loss: DensityLoss) {
    let layout = Self.layout()
    let f = 7
    var values = Self.activations(rows: layout.rowCount, units: f)
    let n = loss.itemCount(layout, units: f)
    let (value, gradient) = loss.evaluate(
      activations: Tensor(shape: [layout.rowCount, f], scalars: values), layout: layout,
      normalizer: n, gradient: true)
    let expected = Self.reference(loss, values, layout, units: f) / Double(n)
    #expect(abs(value - expected) < 1e-6 * max(1, expected), "\(loss)")
    #expect(value >= 0 && value <= Double(loss.weight))
    let outcome = CentralDifference.compare(
      "\(loss.resolvedKind)", analytic: gradient?.scalars ?? [], count: values.count,
      get: { values[$0] }, set: { values[$0] = $1 },
      loss: { Self.reference(loss, values, layout, units: f) / Double(n) }, step: 1e-3)
    #expect(outcome.passes(relative: 1e-3, absolute: 1e-6), "\(outcome)")
  }

  /// With g = 1 the block loss is the element loss; the normalisers count blocks and tiles.
  @Test func groupCountsAndElementEquivalence() {
    let layout = Self.layout()
    let f = 7
    let values = Self.activations(rows: layout.rowCount, units: f)
    let a = Tensor(shape: [layout.rowCount, f], scalars: values)
    let element = DensityLoss(weight: 0.5, epsilon: 3e-3)
    let block1 = DensityLoss(weight: 0.5, epsilon: 3e-3, kind: .block, blockSize: 1)
    #expect(element.itemCount(layout, units: f) == 7 * 7)
    #expect(DensityLoss(kind: .block, blockSize: 3).itemCount(layout, units: f) == 7 * 3)
    #expect(DensityLoss(kind: .tile, tileTokens: 2).itemCount(layout, units: f) == (3 + 1) * 7)
    let e = element.evaluate(activations: a, layout: layout, normalizer: 49, gradient: true)
    let b = block1.evaluate(activations: a, layout: layout, normalizer: 49, gradient: true)
    #expect(abs(e.loss - b.loss) < 1e-6)
    let difference = zip(e.gradient?.scalars ?? [], b.gradient?.scalars ?? []).map { abs($0 - $1) }
    #expect((difference.max() ?? 1) < 1e-6)
  }

  /// The int8 loss's ε: the soft indicator is ½ at `factor × step`; a layer ε replaces the
  /// configured one.
  @Test func int8EpsilonFollowsTheStep() {
    let loss = DensityLoss(weight: 1, epsilon: 1e-7, kind: .int8, int8Factor: 0.5)
    let step: Float = 0.04
    let eps = loss.int8Epsilon(scale: step)
    #expect(abs(DensityLoss.softNonZero(step / 2, epsilon: eps) - 0.5) < 1e-6)
    let layout = Self.layout()
    let values = Self.activations(rows: layout.rowCount, units: 7)
    let a = Tensor(shape: [layout.rowCount, 7], scalars: values)
    let withLayer = loss.evaluate(
      activations: a, layout: layout, normalizer: 49, gradient: false, layerEpsilon: eps)
    let plain = DensityLoss(weight: 1, epsilon: eps).evaluate(
      activations: a, layout: layout, normalizer: 49, gradient: false)
    #expect(abs(withLayer.loss - plain.loss) < 1e-9)
  }

  /// λ: 0 during the warm-up, a linear ramp, then constant.
  @Test func weightSchedule() {
    let loss = DensityLoss(weight: 2, epsilon: 1e-2, warmupSteps: 10, rampSteps: 4)
    #expect(loss.weightFactor(atStep: 0) == 0)
    #expect(loss.weightFactor(atStep: 9) == 0)
    #expect(loss.weightFactor(atStep: 10) == 0.25)
    #expect(loss.weightFactor(atStep: 12) == 0.75)
    #expect(loss.weightFactor(atStep: 13) == 1)
    #expect(loss.weightFactor(atStep: 1000) == 1)
    #expect(loss.scheduled(atStep: 11).weight == 1)
    #expect(DensityLoss(weight: 1, epsilon: 1e-2, warmupSteps: 3).weightFactor(atStep: 3) == 1)
    #expect(DensityLoss(weight: 1, epsilon: 1e-2).weightFactor(atStep: 0) == 1)
  }

  @Test func problemsAreNamed() {
    #expect(DensityLoss(kind: .block).problems.contains { $0.contains("block size") })
    #expect(DensityLoss(kind: .tile, tileTokens: 0).problems.contains { $0.contains("tile") })
    #expect(DensityLoss(warmupSteps: -1).problems.contains { $0.contains("warm-up") })
    #expect(DensityLoss(kind: .tile, tileTokens: 16).problems.isEmpty)
  }
}
