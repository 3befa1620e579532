import TraceFormat

/// The deliberately slow oracle for ``MaskAnalyzer``: walks every token, every unit, every block
/// and every lane with `isNonZero`, no bit tricks. Used by tests only; never on the replay path.
public struct ReferenceMaskAnalyzer: Sendable {
  public let parameters: MaskAnalysisParameters

  public init(parameters: MaskAnalysisParameters) {
    self.parameters = parameters
  }

  public func analyze(_ mask: ActivationMask) -> MaskStatistics {
    analyze([mask])
  }

  /// The statistics of `masks` as one mask whose tokens are theirs in order (a batch): looks each
  /// token up through a (mask, token) table instead of concatenating words.
  public func analyze(_ masks: [ActivationMask]) -> MaskStatistics {
    precondition(!masks.isEmpty, "analyze needs at least one mask")
    let p = parameters
    let g = p.granularityUnits
    let k = masks[0].units
    precondition(masks.allSatisfy { $0.units == k }, "masks of a batch need the same units")
    var owner: [(mask: Int, token: Int)] = []
    for (i, mask) in masks.enumerated() {
      for token in 0..<mask.tokenCount { owner.append((i, token)) }
    }
    let tokenCount = owner.count
    func isNonZero(token t: Int, unit: Int) -> Bool {
      masks[owner[t].mask].isNonZero(token: owner[t].token, unit: unit)
    }
    let blocks = (k + g - 1) / g
    var stats = MaskStatistics()
    stats.tokens = tokenCount
    stats.units = k
    stats.mTileTokens = p.mTileTokens
    func blockNonZero(_ token: Int, _ block: Int) -> Bool {
      var any = false
      for unit in block * g..<min(k, block * g + g) where isNonZero(token: token, unit: unit) {
        any = true
      }
      return any
    }
    func blockSize(_ block: Int) -> Int { min(k, block * g + g) - block * g }
    func laneOf(_ block: Int) -> Int {
      switch p.laneSplit {
      case .contiguous:
        let chunk = (blocks + p.lanes - 1) / p.lanes
        return block / chunk
      default: return block % p.lanes
      }
    }
    var issuedPerToken = [Int](repeating: 0, count: tokenCount)
    for t in 0..<tokenCount {
      var laneBlocks = [Int](repeating: 0, count: p.lanes)
      for unit in 0..<k where isNonZero(token: t, unit: unit) { stats.nonZeroUnits += 1 }
      for b in 0..<blocks where blockNonZero(t, b) {
        stats.nonZeroBlocks += 1
        stats.issuedUnits += blockSize(b)
        issuedPerToken[t] += blockSize(b)
        laneBlocks[laneOf(b)] += 1
      }
      if p.skipping && p.dataflow == .ws {
        var busiest = 0
        for lane in 0..<p.lanes { busiest = max(busiest, laneBlocks[lane]) }
        stats.skipStreamCycles += busiest
      }
      if let bits = p.rleBits {
        var last = -1
        for unit in 0..<k where isNonZero(token: t, unit: unit) {
          let gap = unit - last - 1
          stats.rleEntries += 1 + gap / (1 << bits)
          last = unit
        }
      }
    }
    func unionUnits(_ tokens: Range<Int>, blockUnits: Int) -> Int {
      var total = 0
      let count = (k + blockUnits - 1) / blockUnits
      for b in 0..<count {
        var any = false
        for t in tokens {
          for unit in b * blockUnits..<min(k, b * blockUnits + blockUnits)
          where isNonZero(token: t, unit: unit) {
            any = true
          }
        }
        if any { total += min(k, b * blockUnits + blockUnits) - b * blockUnits }
      }
      return total
    }
    stats.unionUnitsSequence = unionUnits(0..<tokenCount, blockUnits: g)
    if p.dataflow == .os {
      for start in stride(from: 0, to: tokenCount, by: p.rows) {
        let group = start..<min(tokenCount, start + p.rows)
        stats.unionUnitsGroupSum += unionUnits(group, blockUnits: g)
        if p.skipping {
          var busiest = 0
          for t in group { busiest = max(busiest, issuedPerToken[t]) }
          stats.skipStreamCycles += busiest
        }
      }
    }
    if p.mTileTokens > 0 {
      for start in stride(from: 0, to: tokenCount, by: p.mTileTokens) {
        stats.unionUnitsMTileSum += unionUnits(
          start..<min(tokenCount, start + p.mTileTokens), blockUnits: g)
      }
    }
    for (i, tile) in MaskStatistics.unionTileTokens.enumerated() {
      for start in stride(from: 0, to: tokenCount, by: tile) {
        stats.unionUnitsByTile[i] += unionUnits(
          start..<min(tokenCount, start + tile), blockUnits: 1)
      }
    }
    return stats
  }
}
