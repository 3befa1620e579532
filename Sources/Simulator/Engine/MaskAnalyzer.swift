import TraceFormat

/// Computes ``MaskStatistics`` word-wise: popcounts over 64-bit words, blocks of g units reduced
/// to one bit with shifts, M-tile and row-group unions by OR, and per ws window the busiest
/// lane from bit-sliced counters (one bit plane per counter bit, one counter per bit position)
/// when the lanes divide 64 and windows are whole words, else one visit per non-zero block.
///
/// Holds scratch buffers, so one analyzer serves one replay (not shared across threads).
public final class MaskAnalyzer {
  public let parameters: MaskAnalysisParameters
  private let g: Int
  /// Bits at positions that are multiples of g.
  private let blockStarts: UInt64
  var blockStartsMask: UInt64 { blockStarts }
  var planes: [UInt64] = []
  var laneCounts: [Int] = []
  /// Block-start bits of every token of the batch, `wordsPerToken` words each.
  var tokenBlocks: [UInt64] = []
  private var issuedPerToken: [Int] = []

  public init(parameters: MaskAnalysisParameters) {
    self.parameters = parameters
    g = parameters.granularityUnits
    var starts: UInt64 = 0
    for position in stride(from: 0, to: 64, by: parameters.granularityUnits) {
      starts |= 1 << UInt64(position)
    }
    blockStarts = starts
    laneCounts = [Int](repeating: 0, count: parameters.layout.lanes)
    let counterBits = Int.bitWidth - parameters.layout.slots.leadingZeroBitCount + 1
    planes = [UInt64](repeating: 0, count: counterBits * max(1, parameters.layout.lanes / 64))
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

  public func analyze(_ mask: ActivationMask, tileRows: Int = 0) -> MaskStatistics {
    analyze([mask], tileRows: tileRows)
  }

  /// The statistics of `masks` concatenated along tokens in order (a batch), cut into balanced M
  /// tiles of at most `tileRows` tokens (0: one tile) for the skip statistics.
  public func analyze(_ masks: [ActivationMask], tileRows: Int = 0) -> MaskStatistics {
    precondition(!masks.isEmpty, "analyze needs at least one mask")
    let p = parameters
    let k = masks[0].units
    precondition(masks.allSatisfy { $0.units == k }, "masks of a batch need the same units")
    let wordsPerToken = masks[0].wordsPerToken
    let tokenCount = masks.reduce(0) { $0 + $1.tokenCount }
    let shape = BlockShape(units: k, granularity: g)
    var stats = MaskStatistics()
    stats.tokens = tokenCount
    stats.units = k
    if tokenBlocks.count < tokenCount * wordsPerToken {
      tokenBlocks = [UInt64](repeating: 0, count: tokenCount * wordsPerToken)
    }
    if issuedPerToken.count < tokenCount {
      issuedPerToken = [Int](repeating: 0, count: tokenCount)
    }
    var unionAll = [UInt64](repeating: 0, count: wordsPerToken)
    // The union of the current tile of each size, flat; each size divides the next, so a tile
    // that ends folds its union into the next size's (``MaskStatistics/unionTileTokens``).
    let tileSizes = MaskStatistics.unionTileTokens
    var unionTiles = [UInt64](repeating: 0, count: tileSizes.count * wordsPerToken)
    let w = wordsPerToken
    let lastToken = tokenCount - 1
    var t = 0
    tokenBlocks.withUnsafeMutableBufferPointer { blocks in
      issuedPerToken.withUnsafeMutableBufferPointer { issuedOut in
        unionAll.withUnsafeMutableBufferPointer { union in
          unionTiles.withUnsafeMutableBufferPointer { tiles in
            for mask in masks {
              mask.words.withUnsafeBufferPointer { all in
                for local in 0..<mask.tokenCount {
                  let base = local * w
                  let out = t * w
                  var nonZero = 0
                  var nonZeroBlocks = 0
                  if g == 1 {
                    for j in 0..<w {
                      let word = all[base + j]
                      nonZero += word.nonzeroBitCount
                      blocks[out + j] = word
                      union[j] |= word
                      tiles[j] |= word
                    }
                    nonZeroBlocks = nonZero
                  } else {
                    for j in 0..<w {
                      let word = all[base + j]
                      nonZero += word.nonzeroBitCount
                      let b = blockBits(word)
                      blocks[out + j] = b
                      nonZeroBlocks += b.nonzeroBitCount
                      union[j] |= b
                      tiles[j] |= word
                    }
                  }
                  stats.nonZeroUnits += nonZero
                  stats.nonZeroBlocks += nonZeroBlocks
                  let lastSet =
                    shape.shortBy > 0 && blocks[out + shape.lastBlockWord] & shape.lastBlockBit != 0
                  let issued = shape.units(blockCount: nonZeroBlocks, lastBlockSet: lastSet)
                  issuedOut[t] = issued
                  stats.issuedUnits += issued
                  if let bits = p.rleBits {
                    stats.rleEntries += rleEntries(all, base: base, words: w, bits: bits)
                  }
                  for (i, size) in tileSizes.enumerated() {
                    guard (t + 1) % size == 0 || t == lastToken else { break }
                    let row = i * w
                    let next = i + 1 < tileSizes.count ? row + w : -1
                    var count = 0
                    for j in 0..<w {
                      let bits = tiles[row + j]
                      count += bits.nonzeroBitCount
                      tiles[row + j] = 0
                      if next >= 0 { tiles[next + j] |= bits }
                    }
                    stats.unionUnitsByTile[i] += count
                  }
                  t += 1
                }
              }
            }
          }
        }
      }
    }
    if tokenCount > 0 { stats.unionUnitsSequence = shape.units(ofBlockWords: unionAll) }
    guard p.skipping else { return stats }
    for range in balancedTiles(tokens: tokenCount, tileRows: tileRows) {
      stats.tiles.append(tile(range, words: wordsPerToken, shape: shape))
    }
    return stats
  }

  /// The skip statistics of one M tile: its union, then its windows (ws) or row groups (os).
  private func tile(_ range: Range<Int>, words: Int, shape: BlockShape) -> TileStatistics {
    var tile = TileStatistics()
    tile.tokens = range.count
    var union = [UInt64](repeating: 0, count: words)
    tokenBlocks.withUnsafeBufferPointer { blocks in
      union.withUnsafeMutableBufferPointer { union in
        for t in range {
          for j in 0..<words { union[j] |= blocks[t * words + j] }
        }
      }
    }
    tile.unionUnits = shape.units(ofBlockWords: union)
    if parameters.dataflow == .ws {
      tile.windows = windows(range, union: union, shape: shape)
    } else {
      var group = [UInt64](repeating: 0, count: words)
      for start in stride(from: range.lowerBound, to: range.upperBound, by: parameters.rows) {
        let members = start..<min(range.upperBound, start + parameters.rows)
        var stats = GroupStatistics()
        stats.tokens = members.count
        for j in 0..<words { group[j] = 0 }
        for t in members {
          stats.issuedUnits += issuedPerToken[t]
          for j in 0..<words { group[j] |= tokenBlocks[t * words + j] }
        }
        stats.unionUnits = shape.units(ofBlockWords: group)
        tile.groups.append(stats)
      }
    }
    return tile
  }
}
