// The ws window statistics of the fast analyzer (docs/simulator-model.md, "Microarchitecture").

/// Blocks of g units over K units of one token: counts, the short last block, its bit.
struct BlockShape {
  let units: Int
  let granularity: Int
  let blocks: Int
  let shortBy: Int
  let wordsPerToken: Int
  let lastBlockWord: Int
  let lastBlockBit: UInt64

  init(units: Int, granularity g: Int) {
    self.units = units
    granularity = g
    blocks = (units + g - 1) / g
    shortBy = blocks * g - units
    wordsPerToken = (units + 63) / 64
    lastBlockWord = ((blocks - 1) * g) >> 6
    lastBlockBit = UInt64(1) << UInt64(((blocks - 1) * g) & 63)
  }

  @inline(__always)
  func units(blockCount: Int, lastBlockSet: Bool) -> Int {
    blockCount * granularity - (lastBlockSet ? shortBy : 0)
  }

  /// Units in the non-zero blocks of block-start words (one token or a union).
  func units(ofBlockWords words: [UInt64]) -> Int {
    var count = 0
    for w in words { count += w.nonzeroBitCount }
    return units(
      blockCount: count, lastBlockSet: shortBy > 0 && words[lastBlockWord] & lastBlockBit != 0)
  }
}

extension MaskAnalyzer {
  /// Unit-space block-start words → one bit per block (64 / g blocks per word).
  private func blockSpace(
    _ words: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt64>,
    starts: BitCompress
  ) {
    let g = parameters.granularityUnits
    if g == 1 {
      for j in out.indices { out[j] = words[j] }
      return
    }
    for j in out.indices { out[j] = 0 }
    let perWord = 64 / g
    for (j, word) in words.enumerated() where word != 0 {
      place(starts.apply(word), width: perWord, at: j * perWord, into: out)
    }
  }

  /// The tile's windows in stream order, empty-union windows dropped.
  func windows(_ range: Range<Int>, union: [UInt64], shape: BlockShape) -> [WindowStatistics] {
    let layout = parameters.layout
    let g = parameters.granularityUnits
    let words = shape.wordsPerToken
    let blockWords = (shape.blocks + 63) / 64
    var unionBlocks = [UInt64](repeating: 0, count: blockWords)
    let starts = BitCompress(mask: blockStartsMask)
    union.withUnsafeBufferPointer { union in
      unionBlocks.withUnsafeMutableBufferPointer { blockSpace(union, into: $0, starts: starts) }
    }
    let compressors = unionBlocks.map { BitCompress(mask: $0) }
    let compact = parameters.foldCompaction
    var prefix = [Int](repeating: 0, count: blockWords + 1)
    for j in 0..<blockWords { prefix[j + 1] = prefix[j] + unionBlocks[j].nonzeroBitCount }
    let positions = compact ? prefix[blockWords] : shape.blocks
    let cap = layout.capacity
    let lastInUnion =
      unionBlocks[(shape.blocks - 1) >> 6] & (1 << UInt64((shape.blocks - 1) & 63)) != 0
    // Static part of each window: blocks, union units.
    var result: [WindowStatistics] = []
    var bounds: [(start: Int, end: Int)] = []  // position range of each result entry
    for start in stride(from: 0, to: positions, by: cap) {
      let end = min(positions, start + cap)
      var stats = WindowStatistics(blocks: end - start)
      let unionCount =
        compact
        ? end - start
        : unionBlocks.withUnsafeBufferPointer { popcount($0, from: start, to: end) }
      let holdsLast =
        compact ? (end == positions && lastInUnion) : (end == shape.blocks && lastInUnion)
      stats.unionUnits = unionCount * g - (holdsLast ? shape.shortBy : 0)
      if unionCount > 0 {
        result.append(stats)
        bounds.append((start, end))
      }
    }
    guard !result.isEmpty else { return [] }
    var position = [UInt64](repeating: 0, count: (positions + 63) / 64 + 1)
    var scratch = [UInt64](repeating: 0, count: blockWords)
    var slots = [Int](repeating: 0, count: result.count)
    var active = [Int](repeating: 0, count: result.count)
    let bitSliced = !layout.contiguous && 64 % layout.lanes == 0
    let copyTokens = g == 1 && !compact
    var planes = [UInt64](repeating: 0, count: self.planes.count)
    planes.withUnsafeMutableBufferPointer { planes in
      tokenBlocks.withUnsafeBufferPointer { all in
        position.withUnsafeMutableBufferPointer { position in
          scratch.withUnsafeMutableBufferPointer { scratch in
            compressors.withUnsafeBufferPointer { compressors in
              prefix.withUnsafeBufferPointer { prefix in
                for t in range {
                  let token = UnsafeBufferPointer(rebasing: all[t * words..<(t + 1) * words])
                  if copyTokens {
                    for j in 0..<words { position[j] = token[j] }
                  } else {
                    blockSpace(token, into: scratch, starts: starts)
                    if compact {
                      for j in position.indices { position[j] = 0 }
                      for j in 0..<blockWords where scratch[j] != 0 {
                        let compress = compressors[j]
                        place(
                          compress.apply(scratch[j]), width: compress.count, at: prefix[j],
                          into: position)
                      }
                    } else {
                      for j in 0..<blockWords { position[j] = scratch[j] }
                    }
                  }
                  let view = UnsafeBufferPointer(position)
                  for i in bounds.indices {
                    // The busiest lane is 0 exactly when the window has no non-zero block.
                    let busiest =
                      bitSliced
                      ? busiestInterleaved(
                        view, from: bounds[i].start, to: bounds[i].end, planes: planes)
                      : busiestByVisiting(view, from: bounds[i].start, to: bounds[i].end)
                    if busiest > 0 {
                      slots[i] += busiest
                      active[i] += 1
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for i in result.indices {
      result[i].streamSlots = slots[i]
      result[i].activeTokens = active[i]
    }
    return result
  }

  /// Set bits of `words` in bit range `[from, to)`.
  @inline(__always)
  func popcount(_ words: UnsafeBufferPointer<UInt64>, from: Int, to: Int) -> Int {
    var count = 0
    var bit = from
    while bit < to {
      let j = bit >> 6
      let lo = bit & 63
      let hi = min(64, to - (j << 6))
      let width = hi - lo
      let mask: UInt64 = width == 64 ? ~0 : ((1 << UInt64(width)) - 1) << UInt64(lo)
      count += (words[j] & mask).nonzeroBitCount
      bit = (j << 6) + hi
    }
    return count
  }

  /// Interleaved lanes dividing 64: the window is chunks of `lanes` bits (one round of lanes
  /// each; windows start at multiples of lanes, so no chunk crosses a word), added into
  /// bit-sliced counters; the busiest lane is found by a top-down scan of the planes.
  @inline(__always)
  private func busiestInterleaved(
    _ words: UnsafeBufferPointer<UInt64>, from: Int, to: Int,
    planes plane: UnsafeMutableBufferPointer<UInt64>
  ) -> Int {
    let lanes = parameters.layout.lanes
    let chunkMask: UInt64 = lanes == 64 ? ~0 : (1 << UInt64(lanes)) - 1
    if to - from <= 15 * lanes {
      return busiestInRegisters(words, from: from, to: to, lanes: lanes, chunkMask: chunkMask)
    }
    var used = 0
    var bit = from
    while bit < to {
      let width = min(lanes, to - bit)
      let valid: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
      var carry = (words[bit >> 6] >> UInt64(bit & 63)) & chunkMask & valid
      var i = 0
      while carry != 0 {
        let next = plane[i] & carry
        plane[i] ^= carry
        carry = next
        i += 1
      }
      used = max(used, i)
      bit += lanes
    }
    // Planes above `used` were never touched (still 0).
    var candidates = chunkMask
    var busiest = 0
    var i = used - 1
    while i >= 0 {
      let both = candidates & plane[i]
      if both != 0 {
        candidates = both
        busiest |= 1 << i
      }
      plane[i] = 0
      i -= 1
    }
    return busiest
  }

  /// ``busiestInterleaved(_:from:to:planes:)`` for windows of at most 15 chunks (a lane's count
  /// fits 4 bits): four counter planes in registers, each chunk added without branches.
  @inline(__always)
  private func busiestInRegisters(
    _ words: UnsafeBufferPointer<UInt64>, from: Int, to: Int, lanes: Int, chunkMask: UInt64
  ) -> Int {
    var p0: UInt64 = 0
    var p1: UInt64 = 0
    var p2: UInt64 = 0
    var p3: UInt64 = 0
    var bit = from
    while bit < to {
      let width = min(lanes, to - bit)
      let valid: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
      let chunk = (words[bit >> 6] >> UInt64(bit & 63)) & chunkMask & valid
      let c0 = p0 & chunk
      p0 ^= chunk
      let c1 = p1 & c0
      p1 ^= c0
      p3 ^= p2 & c1
      p2 ^= c1
      bit += lanes
    }
    // Top-down: keep the lanes whose counter has the highest bits set.
    var candidates = chunkMask
    var busiest = 0
    var both = candidates & p3
    if both != 0 {
      candidates = both
      busiest |= 8
    }
    both = candidates & p2
    if both != 0 {
      candidates = both
      busiest |= 4
    }
    both = candidates & p1
    if both != 0 {
      candidates = both
      busiest |= 2
    }
    if candidates & p0 != 0 { busiest |= 1 }
    return busiest
  }

  /// Any layout: visit each non-zero position once, count per lane.
  private func busiestByVisiting(_ words: UnsafeBufferPointer<UInt64>, from: Int, to: Int) -> Int {
    let layout = parameters.layout
    var busiest = 0
    var touched: [Int] = []
    var bit = from
    while bit < to {
      let j = bit >> 6
      let lo = bit & 63
      let hi = min(64, to - (j << 6))
      let width = hi - lo
      let mask: UInt64 = width == 64 ? ~0 : ((1 << UInt64(width)) - 1) << UInt64(lo)
      var rest = words[j] & mask
      while rest != 0 {
        let q = (j << 6) + rest.trailingZeroBitCount - from
        let lane = layout.lane(ofPosition: q)
        if laneCounts[lane] == 0 { touched.append(lane) }
        laneCounts[lane] += 1
        busiest = max(busiest, laneCounts[lane])
        rest &= rest - 1
      }
      bit = (j << 6) + hi
    }
    for lane in touched { laneCounts[lane] = 0 }
    return busiest
  }

  /// rle entries of one token: one per non-zero, plus one padding entry per 2^bits zeros of a gap.
  @inline(__always)
  func rleEntries(_ all: UnsafeBufferPointer<UInt64>, base: Int, words: Int, bits: Int) -> Int {
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
