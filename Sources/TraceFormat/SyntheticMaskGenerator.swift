/// Draws synthetic masks (docs/trace-format.md, "Synthetic traces"): each (token, block of
/// `blockSize` units) is silent with probability `blockCorrelation`, otherwise each unit is
/// non-zero with probability `density / (1 - blockCorrelation)`. With `stepCorrelation` ρ > 0,
/// token t > 0 keeps each unit's state of token t − 1 with probability ρ and redraws it otherwise
/// (decode steps of one sequence: the element density stays `density`, the union over steps
/// grows more slowly). Shared by `SyntheticTrace` (version 1) and `SyntheticModelTrace`.
struct SyntheticMaskGenerator: Sendable {
  let units: Int
  let unitNumerator: Int
  let silentNumerator: Int
  let keepNumerator: Int
  let blockSize: Int

  init(
    units: Int, density: Double, blockCorrelation: Double, blockSize: Int,
    stepCorrelation: Double = 0
  ) {
    self.units = units
    self.blockSize = blockSize
    let active = blockCorrelation >= 1 ? 0 : min(1, density / (1 - blockCorrelation))
    unitNumerator = Self.numerator(active)
    silentNumerator = Self.numerator(blockCorrelation)
    keepNumerator = Self.numerator(stepCorrelation)
  }

  static func numerator(_ probability: Double) -> Int {
    Int((min(max(probability, 0), 1) * 65536).rounded())
  }

  /// One layer's mask over `tokenCount` tokens.
  func mask(tokenCount: Int, rng: inout SplitMix64) -> ActivationMask {
    let wordsPerToken = (units + 63) / 64
    let lastMask = MaskCodec.lastWordMask(units: units)
    let blocksPerToken = (units + blockSize - 1) / blockSize
    let words = [UInt64](unsafeUninitializedCapacity: tokenCount * wordsPerToken) {
      buffer, initialized in
      for token in 0..<tokenCount {
        let row = token * wordsPerToken
        for j in 0..<wordsPerToken {
          buffer[row + j] = rng.bernoulliWord(numerator: unitNumerator)
        }
        buffer[row + wordsPerToken - 1] &= lastMask
        if silentNumerator > 0 {
          Self.silenceBlocks(
            UnsafeMutableBufferPointer(rebasing: buffer[row..<row + wordsPerToken]),
            units: units, blockSize: blockSize, blocks: blocksPerToken,
            numerator: silentNumerator, rng: &rng)
        }
        if keepNumerator > 0 && token > 0 {
          for j in 0..<wordsPerToken {
            let keep = rng.bernoulliWord(numerator: keepNumerator)
            buffer[row + j] = (buffer[row - wordsPerToken + j] & keep) | (buffer[row + j] & ~keep)
          }
        }
      }
      initialized = tokenCount * wordsPerToken
    }
    return ActivationMask(tokenCount: tokenCount, units: units, words: words)
  }

  /// Uniform non-zero int8 values, one per non-zero of `mask`.
  static func values(for mask: ActivationMask, rng: inout SplitMix64) -> [Int8] {
    var values = [Int8]()
    values.reserveCapacity(mask.nonZeroCount)
    for _ in 0..<mask.nonZeroCount {
      let random = rng.next()
      let magnitude = Int8(1 + (random >> 1) % 127)
      values.append(random & 1 == 0 ? magnitude : -magnitude)
    }
    return values
  }

  /// Clears every block of one token's row whose silence bit is drawn.
  private static func silenceBlocks(
    _ row: UnsafeMutableBufferPointer<UInt64>, units: Int, blockSize: Int, blocks: Int,
    numerator: Int, rng: inout SplitMix64
  ) {
    var first = 0
    while first < blocks {
      var silent = rng.bernoulliWord(numerator: numerator)
      if blocks - first < 64 { silent &= (UInt64(1) << UInt64(blocks - first)) - 1 }
      while silent != 0 {
        let block = first + silent.trailingZeroBitCount
        silent &= silent &- 1
        var unit = block * blockSize
        let end = min(unit + blockSize, units)
        while unit < end {
          let bit = unit & 63
          let span = min(64 - bit, end - unit)
          let bits: UInt64 = span == 64 ? ~0 : ((UInt64(1) << UInt64(span)) - 1) << UInt64(bit)
          row[unit >> 6] &= ~bits
          unit += span
        }
      }
      first += 64
    }
  }
}
