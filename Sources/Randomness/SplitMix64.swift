import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator whose output is fixed by
/// its definition, so synthetic traces are byte-identical across platforms and toolchains.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-high; bias below 2^-64 · bound).
  public mutating func next(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive, got \(bound)")
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A word whose 64 bits are independently 1 with probability `numerator / 65536`, built from
  /// at most 16 random words by the binary expansion of the probability (AND for a 0 digit, OR
  /// for a 1 digit, least significant digit first). `numerator` must be in `0...65536`.
  public mutating func bernoulliWord(numerator: Int) -> UInt64 {
    precondition((0...65536).contains(numerator), "numerator \(numerator) outside 0...65536")
    if numerator == 0 { return 0 }
    if numerator == 65536 { return ~0 }
    var word: UInt64 = 0
    for digit in numerator.trailingZeroBitCount..<16 {
      let random = next()
      word = (numerator >> digit) & 1 == 1 ? word | random : word & random
    }
    return word
  }

  /// A uniform Float in [0, 1) with 24 random bits.
  public mutating func nextUniform() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A standard normal sample (Box–Muller).
  public mutating func nextNormal() -> Float {
    let u1 = max(Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0), 1e-300)
    let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }

  /// A generator derived from this seed and a stream label, independent of other labels.
  public static func stream(seed: UInt64, label: UInt64) -> SplitMix64 {
    var g = SplitMix64(seed: seed ^ (label &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    return g
  }
}
