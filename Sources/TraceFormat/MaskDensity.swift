// T tokens, U units, W = ceil(U / 64) words per token, g block size, t tile tokens.
/// Word-wise density kernels over an `ActivationMask` (popcounts, no per-bit loops where g divides
/// 64).
public enum MaskDensity {
  /// Number of (token, block of `blockSize` units) pairs holding at least one non-zero.
  public static func nonZeroBlocks(_ mask: ActivationMask, blockSize: Int) -> Int {
    precondition(blockSize >= 1, "block size must be >= 1, got \(blockSize)")
    if blockSize == 1 { return mask.nonZeroCount }
    let wordsPerToken = mask.wordsPerToken
    return mask.words.withUnsafeBufferPointer { words -> Int in
      var count = 0
      if 64 % blockSize == 0 {
        // Fold each block's bits onto its first bit, then count first bits. Padding bits are zero,
        // so a token's short last block folds correctly too.
        var firstBits: UInt64 = 0
        for bit in stride(from: 0, to: 64, by: blockSize) { firstBits |= UInt64(1) << UInt64(bit) }
        for word in words {
          var folded = word
          var shift = 1
          while shift < blockSize {
            folded |= folded >> UInt64(shift)
            shift <<= 1
          }
          count += (folded & firstBits).nonzeroBitCount
        }
        return count
      }
      let units = mask.units
      for token in 0..<mask.tokenCount {
        let row = UnsafeBufferPointer(
          rebasing: words[token * wordsPerToken..<(token + 1) * wordsPerToken])
        var start = 0
        while start < units {
          if anyBitSet(row, from: start, to: min(start + blockSize, units)) { count += 1 }
          start += blockSize
        }
      }
      return count
    }
  }

  /// Number of (tile of `tileTokens` consecutive tokens, unit) pairs where the unit is non-zero
  /// for some token of the tile.
  public static func nonZeroUnitTiles(_ mask: ActivationMask, tileTokens: Int) -> Int {
    precondition(tileTokens >= 1, "tile size must be >= 1, got \(tileTokens)")
    if tileTokens == 1 { return mask.nonZeroCount }
    let wordsPerToken = mask.wordsPerToken
    return mask.words.withUnsafeBufferPointer { words -> Int in
      var count = 0
      var firstToken = 0
      while firstToken < mask.tokenCount {
        let lastToken = min(firstToken + tileTokens, mask.tokenCount)
        for j in 0..<wordsPerToken {
          var union: UInt64 = 0
          for token in firstToken..<lastToken { union |= words[token * wordsPerToken + j] }
          count += union.nonzeroBitCount
        }
        firstToken = lastToken
      }
      return count
    }
  }

  /// Whether any bit in units `start..<end` of one token's row is set.
  static func anyBitSet(_ row: UnsafeBufferPointer<UInt64>, from start: Int, to end: Int) -> Bool {
    var unit = start
    while unit < end {
      let bit = unit & 63
      let span = min(64 - bit, end - unit)
      let bits: UInt64 = span == 64 ? ~0 : ((UInt64(1) << UInt64(span)) - 1) << UInt64(bit)
      if row[unit >> 6] & bits != 0 { return true }
      unit += span
    }
    return false
  }
}
