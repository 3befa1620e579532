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
  /// What counts as one item; nil: `.element`.
  public var kind: DensityLossKind?
  /// `.block`: units per block (g).
  public var blockSize: Int?
  /// `.tile`: tokens per tile (t).
  public var tileTokens: Int?
  /// `.int8`: re-calibrate the int8 steps every this many optimiser steps (default 50).
  public var recalibrateEvery: Int?
  /// `.int8`: `√ε_l = int8Factor · s_l` (default 0.5).
  public var int8Factor: Float?
  /// λ is 0 for the first this many steps.
  public var warmupSteps: Int?
  /// Then λ rises linearly to its value over this many steps.
  public var rampSteps: Int?

  public init(
    weight: Float = 1.0, epsilon: Float = 1e-7, includePadding: Bool = false,
    kind: DensityLossKind? = nil, blockSize: Int? = nil, tileTokens: Int? = nil,
    recalibrateEvery: Int? = nil, int8Factor: Float? = nil, warmupSteps: Int? = nil,
    rampSteps: Int? = nil
  ) {
    precondition(weight >= 0 && epsilon > 0, "density loss needs weight >= 0 and epsilon > 0")
    self.weight = weight
    self.epsilon = epsilon
    self.includePadding = includePadding
    self.kind = kind
    self.blockSize = blockSize
    self.tileTokens = tileTokens
    self.recalibrateEvery = recalibrateEvery
    self.int8Factor = int8Factor
    self.warmupSteps = warmupSteps
    self.rampSteps = rampSteps
  }

  public var resolvedKind: DensityLossKind { kind ?? .element }
  public var resolvedRecalibrateEvery: Int { recalibrateEvery ?? 50 }
  public var resolvedInt8Factor: Float { int8Factor ?? 0.5 }

  /// The factor of λ at the 0-based optimiser step `step`: 0 during the warm-up, then a linear
  /// ramp to 1 (reaching 1 at the ramp's last step).
  public func weightFactor(atStep step: Int) -> Float {
    let warmup = warmupSteps ?? 0
    if step < warmup { return 0 }
    guard let ramp = rampSteps, ramp > 0 else { return 1 }
    return min(1, Float(step - warmup + 1) / Float(ramp))
  }

  /// These settings with λ scaled by the schedule at `step`.
  public func scheduled(atStep step: Int) -> DensityLoss {
    var copy = self
    copy.weight = weight * weightFactor(atStep: step)
    return copy
  }

  /// The ε of the int8 loss for a layer whose int8 step is `scale`.
  public func int8Epsilon(scale: Float) -> Float {
    let root = resolvedInt8Factor * scale
    return max(root * root, Float.leastNormalMagnitude)
  }

  /// Every problem with these settings (empty when valid).
  public var problems: [String] {
    var out: [String] = []
    if !(weight >= 0 && weight.isFinite) {
      out.append("density weight must be finite and >= 0, got \(weight)")
    }
    if !(epsilon > 0 && epsilon.isFinite) {
      out.append("density eps must be finite and > 0, got \(epsilon)")
    }
    if let g = blockSize, !(1...4096).contains(g) {
      out.append("density block size must be in 1...4096, got \(g)")
    }
    if let t = tileTokens, !(1...4096).contains(t) {
      out.append("density tile must be in 1...4096 tokens, got \(t)")
    }
    if let n = recalibrateEvery, n < 1 {
      out.append("density re-calibration interval must be >= 1, got \(n)")
    }
    if let c = int8Factor, !(c > 0 && c.isFinite) {
      out.append("density int8 factor must be finite and > 0, got \(c)")
    }
    for (name, value) in [("warm-up", warmupSteps), ("ramp", rampSteps)] {
      if let value, value < 0 { out.append("density \(name) steps must be >= 0, got \(value)") }
    }
    if resolvedKind == .block && blockSize == nil {
      out.append("density loss 'block' needs a block size")
    }
    if resolvedKind == .tile && tileTokens == nil {
      out.append("density loss 'tile' needs a tile size")
    }
    return out
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

  /// Number of items (elements, blocks or tile-units) one layer of `units` units contributes
  /// in `layout`: the loss's normaliser per layer.
  public func itemCount(_ layout: SequenceLayout, units: Int) -> Int {
    switch resolvedKind {
    case .element, .int8: return rowCount(layout) * units
    case .block:
      let g = blockSize ?? 1
      return rowCount(layout) * ((units + g - 1) / g)
    case .tile:
      let t = tileTokens ?? 1
      return (0..<layout.sequenceCount).reduce(0) {
        $0 + (rows(of: layout, sequence: $1).count + t - 1) / t
      } * units
    }
  }

  /// The loss contribution of one layer's activations `[N, F]` over the rows of `layout`, divided
  /// by `normalizer` (all averaged items of the whole batch: ``itemCount(_:units:)`` × layers),
  /// and, when `gradient` is true, `d contribution / d a` (zero outside the averaged rows).
  /// `layerEpsilon` replaces ε (the int8 loss's per-layer value).
  public func evaluate(
    activations: Tensor, layout: SequenceLayout, normalizer: Int, gradient wantGradient: Bool,
    layerEpsilon: Float? = nil
  ) -> (loss: Double, gradient: Tensor?) {
    switch resolvedKind {
    case .element, .int8: break
    case .block, .tile:
      return evaluateGroups(
        activations: activations, layout: layout, normalizer: normalizer,
        gradient: wantGradient, epsilon: layerEpsilon ?? epsilon)
    }
    let f = activations.dim(1)
    let eps = layerEpsilon ?? epsilon
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
