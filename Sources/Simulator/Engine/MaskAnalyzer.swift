import TraceFormat

/// Computes ``MaskStatistics`` word-wise: popcounts over 64-bit words, blocks of g units reduced
/// to one bit with shifts, per-lane counts kept bit-sliced (one bit plane per counter bit, one
/// counter per bit position) so a token costs O(words) operations, not O(units).
///
/// Holds scratch buffers, so one analyzer serves one replay (not shared across threads).
public final class MaskAnalyzer {
  public let parameters: MaskAnalysisParameters
  private let g: Int
  /// Bits at positions that are multiples of g.
  private let blockStarts: UInt64
  private var planes: [UInt64] = []
  private var laneCounts: [Int] = []
  private var unionSequence: [UInt64] = []
  private var unionGroup: [UInt64] = []
  private var unionMTile: [UInt64] = []
  private var unionTiles: [[UInt64]] = []

  public init(parameters: MaskAnalysisParameters) {
    self.parameters = parameters
    g = parameters.granularityUnits
    var starts: UInt64 = 0
    for position in stride(from: 0, to: 64, by: parameters.granularityUnits) {
      starts |= 1 << UInt64(position)
    }
    blockStarts = starts
    laneCounts = [Int](repeating: 0, count: parameters.lanes)
  }

  /// One bit per block of g units, at the block's first unit.
  @inline(__always)
  private func blockBits(_ word: UInt64) -> UInt64 {
    if g == 1 { return word }
    var y = word
    var shift = 1
    while shift < g {
      y |= y >> UInt64(shift)
      shift <<= 1
    }
    return y & blockStarts
  }

  public func analyze(_ mask: ActivationMask) -> MaskStatistics {
    analyze([mask])
  }

  /// The statistics of `masks` concatenated along tokens in order (a batch of sequences): token
  /// groups, tiles and unions run across mask boundaries as if the masks were one mask.
  public func analyze(_ masks: [ActivationMask]) -> MaskStatistics {
    precondition(!masks.isEmpty, "analyze needs at least one mask")
    let p = parameters
    let k = masks[0].units
    precondition(masks.allSatisfy { $0.units == k }, "masks of a batch need the same units")
    let wordsPerToken = masks[0].wordsPerToken
    let tokenCount = masks.reduce(0) { $0 + $1.tokenCount }
    let blocks = (k + g - 1) / g
    let lastBlockShortBy = blocks * g - k
    let lastBlockWord = ((blocks - 1) * g) >> 6
    let lastBlockBit = UInt64(1) << UInt64(((blocks - 1) * g) & 63)
    var stats = MaskStatistics()
    stats.tokens = tokenCount
    stats.units = k
    stats.mTileTokens = p.mTileTokens
    resetScratch(wordsPerToken: wordsPerToken, blocks: blocks)

    // Units in the non-zero blocks of a block-bit vector (one token or a union).
    func units(ofBlockWords words: UnsafeMutableBufferPointer<UInt64>) -> Int {
      var count = 0
      for w in words { count += w.nonzeroBitCount }
      let short = lastBlockShortBy > 0 && words[lastBlockWord] & lastBlockBit != 0
      return count * g - (short ? lastBlockShortBy : 0)
    }

    let wsSkip = p.skipping && p.dataflow == .ws
    let osGroups = p.dataflow == .os
    let mTiles = p.mTileTokens > 0
    var groupBusiest = 0
    var groupFill = 0
    var t = 0  // token index in the concatenation
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(wordsPerToken, 1)) { tokenBlocks in
      for mask in masks {
        mask.words.withUnsafeBufferPointer { all in
          for local in 0..<mask.tokenCount {
            let base = local * wordsPerToken
            var nonZero = 0
            var nonZeroBlocks = 0
            for j in 0..<wordsPerToken {
              let word = all[base + j]
              nonZero += word.nonzeroBitCount
              let b = blockBits(word)
              tokenBlocks[j] = b
              nonZeroBlocks += b.nonzeroBitCount
              unionSequence[j] |= b
              if osGroups { unionGroup[j] |= b }
              if mTiles { unionMTile[j] |= b }
              for i in 0..<unionTiles.count { unionTiles[i][j] |= word }
            }
            stats.nonZeroUnits += nonZero
            stats.nonZeroBlocks += nonZeroBlocks
            let short = lastBlockShortBy > 0 && tokenBlocks[lastBlockWord] & lastBlockBit != 0
            let issued = nonZeroBlocks * g - (short ? lastBlockShortBy : 0)
            stats.issuedUnits += issued
            if wsSkip {
              stats.skipStreamCycles += busiestLane(tokenBlocks, blocks: blocks, units: k)
            }
            if let bits = p.rleBits {
              stats.rleEntries += rleEntries(all, base: base, words: wordsPerToken, bits: bits)
            }
            if osGroups {
              groupBusiest = max(groupBusiest, issued)
              groupFill += 1
              if groupFill == p.rows || t == tokenCount - 1 {
                if p.skipping { stats.skipStreamCycles += groupBusiest }
                unionGroup.withUnsafeMutableBufferPointer {
                  stats.unionUnitsGroupSum += units(ofBlockWords: $0)
                  for j in 0..<wordsPerToken { $0[j] = 0 }
                }
                groupBusiest = 0
                groupFill = 0
              }
            }
            if mTiles && ((t + 1) % p.mTileTokens == 0 || t == tokenCount - 1) {
              unionMTile.withUnsafeMutableBufferPointer {
                stats.unionUnitsMTileSum += units(ofBlockWords: $0)
                for j in 0..<wordsPerToken { $0[j] = 0 }
              }
            }
            for (i, tile) in MaskStatistics.unionTileTokens.enumerated()
            where (t + 1) % tile == 0 || t == tokenCount - 1 {
              var count = 0
              for j in 0..<wordsPerToken {
                count += unionTiles[i][j].nonzeroBitCount
                unionTiles[i][j] = 0
              }
              stats.unionUnitsByTile[i] += count
            }
            t += 1
          }
        }
      }
    }
    if tokenCount > 0 {
      stats.unionUnitsSequence = unionSequence.withUnsafeMutableBufferPointer {
        units(ofBlockWords: $0)
      }
    }
    return stats
  }

  private func resetScratch(wordsPerToken: Int, blocks: Int) {
    unionSequence = [UInt64](repeating: 0, count: wordsPerToken)
    unionGroup = unionSequence
    unionMTile = unionSequence
    unionTiles = MaskStatistics.unionTileTokens.map { _ in unionSequence }
    let maxCount = (blocks + parameters.lanes - 1) / parameters.lanes
    let bitsNeeded = (Int.bitWidth - maxCount.leadingZeroBitCount) + 1
    let slots = max(1, parameters.lanes * g / 64)
    if planes.count != bitsNeeded * slots {
      planes = [UInt64](repeating: 0, count: bitsNeeded * slots)
    }
  }

  /// ws skip: the largest number of non-zero blocks any lane holds for one token.
  @inline(__always)
  private func busiestLane(
    _ blockWords: UnsafeMutableBufferPointer<UInt64>, blocks: Int, units: Int
  )
    -> Int
  {
    let lanes = parameters.lanes
    let period = lanes * g  // units covered by one round of lanes
    switch parameters.laneSplit {
    case .contiguous:
      let chunkUnits = ((blocks + lanes - 1) / lanes) * g
      var busiest = 0
      var start = 0
      while start < units {
        let end = min(units, start + chunkUnits)
        busiest = max(busiest, popcount(blockWords, from: start, to: end))
        start = end
      }
      return busiest
    default:
      if period <= 64 && 64 % period == 0 {
        return busiestBitSliced(blockWords, period: period)
      }
      if period % 64 == 0 {
        return busiestBitSlicedWide(blockWords, slots: period / 64)
      }
      return busiestByCounting(blockWords, blocks: blocks)
    }
  }

  /// Period ≤ 64 dividing 64: each word holds 64/period rounds of all lanes; lane ↔ position.
  private func busiestBitSliced(_ blockWords: UnsafeMutableBufferPointer<UInt64>, period: Int)
    -> Int
  {
    let chunkMask: UInt64 = period == 64 ? ~0 : (1 << UInt64(period)) - 1
    let planeCount = planes.count
    return planes.withUnsafeMutableBufferPointer { plane in
      for word in blockWords where word != 0 {
        var shift = 0
        while shift < 64 {
          var carry = (word >> UInt64(shift)) & chunkMask
          var i = 0
          while carry != 0 {
            let next = plane[i] & carry
            plane[i] ^= carry
            carry = next
            i += 1
          }
          shift += period
        }
      }
      var candidates = chunkMask
      var busiest = 0
      for i in stride(from: planeCount - 1, through: 0, by: -1) {
        let both = candidates & plane[i]
        if both != 0 {
          candidates = both
          busiest |= 1 << i
        }
        plane[i] = 0
      }
      return busiest
    }
  }

  /// Period a multiple of 64: word j of a token belongs to slot j mod (period/64).
  private func busiestBitSlicedWide(_ blockWords: UnsafeMutableBufferPointer<UInt64>, slots: Int)
    -> Int
  {
    let planeCount = planes.count / slots
    return planes.withUnsafeMutableBufferPointer { plane in
      for (j, word) in blockWords.enumerated() where word != 0 {
        let slot = j % slots
        var carry = word
        var i = 0
        while carry != 0 {
          let next = plane[i * slots + slot] & carry
          plane[i * slots + slot] ^= carry
          carry = next
          i += 1
        }
      }
      var busiest = 0
      withUnsafeTemporaryAllocation(of: UInt64.self, capacity: slots) { candidates in
        for s in 0..<slots { candidates[s] = ~0 }
        for i in stride(from: planeCount - 1, through: 0, by: -1) {
          var any: UInt64 = 0
          for s in 0..<slots { any |= candidates[s] & plane[i * slots + s] }
          if any != 0 {
            for s in 0..<slots { candidates[s] &= plane[i * slots + s] }
            busiest |= 1 << i
          }
          for s in 0..<slots { plane[i * slots + s] = 0 }
        }
      }
      return busiest
    }
  }

  /// Any other lane count: visit each non-zero block once (trailing-zero count), count per lane.
  private func busiestByCounting(_ blockWords: UnsafeMutableBufferPointer<UInt64>, blocks: Int)
    -> Int
  {
    let lanes = parameters.lanes
    return laneCounts.withUnsafeMutableBufferPointer { counts in
      for (j, word) in blockWords.enumerated() {
        var rest = word
        while rest != 0 {
          let unit = j << 6 + rest.trailingZeroBitCount
          counts[(unit / g) % lanes] += 1
          rest &= rest - 1
        }
      }
      var busiest = 0
      for lane in 0..<lanes {
        busiest = max(busiest, counts[lane])
        counts[lane] = 0
      }
      return busiest
    }
  }

  /// Set bits of `words` in unit range `[from, to)`.
  @inline(__always)
  private func popcount(_ words: UnsafeMutableBufferPointer<UInt64>, from: Int, to: Int) -> Int {
    var count = 0
    var unit = from
    while unit < to {
      let j = unit >> 6
      let lo = unit & 63
      let hi = min(64, to - (j << 6))
      let width = hi - lo
      let mask: UInt64 = width == 64 ? ~0 : ((1 << UInt64(width)) - 1) << UInt64(lo)
      count += (words[j] & mask).nonzeroBitCount
      unit = (j << 6) + hi
    }
    return count
  }

  /// rle entries of one token: one per non-zero, plus one padding entry per 2^bits zeros of a gap.
  @inline(__always)
  private func rleEntries(_ all: UnsafeBufferPointer<UInt64>, base: Int, words: Int, bits: Int)
    -> Int
  {
    var entries = 0
    var last = -1
    for j in 0..<words {
      var rest = all[base + j]
      while rest != 0 {
        let unit = j << 6 + rest.trailingZeroBitCount
        entries += 1 + (unit - last - 1) >> bits
        last = unit
        rest &= rest - 1
      }
    }
    return entries
  }
}
