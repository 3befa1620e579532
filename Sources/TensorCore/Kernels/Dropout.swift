/// Inverted dropout with masks from a counter-based stream.
///
/// The mask of row `r` at site `s` depends only on `(seed, s, r)`: a batch split across worker
/// threads, or a run resumed at step `k`, draws exactly the masks of an uninterrupted
/// single-threaded run. Kept values are scaled by `1 / (1 − rate)`, as `torch.nn.Dropout`.
public struct Dropout: Sendable, Equatable {
  public let rate: Float
  /// The seed of one training step (derive it from the run seed and the step number).
  public let seed: UInt64

  public init(rate: Float, seed: UInt64) {
    precondition((0..<1).contains(rate), "dropout rate must be in [0, 1), got \(rate)")
    self.rate = rate
    self.seed = seed
  }

  /// Whether this dropout changes anything.
  @inlinable public var isActive: Bool { rate > 0 }

  /// Multipliers (0 or 1/(1−rate)) for `rows × columns` values whose first row is row
  /// `firstRow` of site `site`.
  public func mask(site: UInt64, firstRow: Int, rows: Int, columns: Int) -> [Float] {
    let keep = 1 / (1 - rate)
    // A value is dropped when its 24-bit uniform draw is below rate · 2^24.
    let threshold = UInt32((Double(rate) * 16_777_216).rounded())
    var out = [Float](repeating: 0, count: rows * columns)
    out.withUnsafeMutableBufferPointer { buffer in
      for r in 0..<rows {
        var g = SplitMix64.stream(
          seed: seed ^ (site &* 0x9FB2_1C65_1E98_DF25), label: UInt64(firstRow + r))
        let row = buffer.baseAddress.unsafelyUnwrapped + r * columns
        var j = 0
        while j < columns {
          let word = g.next()
          let lo = UInt32(truncatingIfNeeded: word) >> 8
          let hi = UInt32(truncatingIfNeeded: word >> 32) >> 8
          row[j] = lo < threshold ? 0 : keep
          if j + 1 < columns { row[j + 1] = hi < threshold ? 0 : keep }
          j += 2
        }
      }
    }
    return out
  }

  /// `x[i] *= mask[i]`.
  @inlinable
  public static func apply(
    _ mask: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { x[i] *= mask[i] }
  }
}
