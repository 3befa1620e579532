/// The non-zero pattern of one layer's MLP intermediate activations over the tokens of one
/// sequence: token-major, `wordsPerToken = ceil(units / 64)` 64-bit words per token; bit `u % 64`
/// of word `t * wordsPerToken + u / 64` is set when unit `u` of token `t` is non-zero. Bits past
/// `units` in a token's last word are always zero.
public struct ActivationMask: Sendable, Equatable {
  public let tokenCount: Int
  public let units: Int
  public private(set) var words: [UInt64]

  @inlinable public var wordsPerToken: Int { (units + 63) / 64 }

  /// An all-zero mask.
  public init(tokenCount: Int, units: Int) {
    precondition(tokenCount >= 0 && units > 0, "mask needs tokenCount >= 0, units > 0")
    self.tokenCount = tokenCount
    self.units = units
    self.words = [UInt64](repeating: 0, count: tokenCount * ((units + 63) / 64))
  }

  /// A mask from raw words; `words.count` must be `tokenCount * wordsPerToken`.
  public init(tokenCount: Int, units: Int, words: [UInt64]) {
    precondition(
      words.count == tokenCount * ((units + 63) / 64),
      "mask of \(tokenCount)x\(units) needs \(tokenCount * ((units + 63) / 64)) words, got \(words.count)"
    )
    self.tokenCount = tokenCount
    self.units = units
    self.words = words
  }

  @inlinable
  public func isNonZero(token: Int, unit: Int) -> Bool {
    words[token * wordsPerToken + unit >> 6] >> UInt64(unit & 63) & 1 == 1
  }

  public mutating func set(token: Int, unit: Int, _ nonZero: Bool = true) {
    let i = token * wordsPerToken + unit >> 6
    let bit = UInt64(1) << UInt64(unit & 63)
    if nonZero { words[i] |= bit } else { words[i] &= ~bit }
  }

  /// Number of non-zero activations.
  public var nonZeroCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

  /// Fraction of activations that are non-zero (0 for an empty mask).
  public var density: Double {
    tokenCount == 0 ? 0 : Double(nonZeroCount) / Double(tokenCount * units)
  }
}
