import TraceFormat

/// The deliberately slow oracle for ``MaskAnalyzer``: walks every token, every unit, every block,
/// window and lane with `isNonZero`, no bit tricks. Used by tests (and replays in `.reference`
/// mode) only; never on the fast replay path.
public struct ReferenceMaskAnalyzer: Sendable {
  public let parameters: MaskAnalysisParameters

  public init(parameters: MaskAnalysisParameters) {
    self.parameters = parameters
  }

  public func analyze(_ mask: ActivationMask, tileRows: Int = 0) -> MaskStatistics {
    analyze([mask], tileRows: tileRows)
  }

  /// The statistics of `masks` as one mask whose tokens are theirs in order (a batch), cut into
  /// balanced M tiles of at most `tileRows` tokens (0: one tile).
  public func analyze(_ masks: [ActivationMask], tileRows: Int = 0) -> MaskStatistics {
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
    func blockNonZero(_ token: Int, _ block: Int) -> Bool {
      var any = false
      for unit in block * g..<min(k, block * g + g) where isNonZero(token: token, unit: unit) {
        any = true
      }
      return any
    }
    func blockSize(_ block: Int) -> Int { min(k, block * g + g) - block * g }
    var stats = MaskStatistics()
    stats.tokens = tokenCount
    stats.units = k
    for t in 0..<tokenCount {
      for unit in 0..<k where isNonZero(token: t, unit: unit) { stats.nonZeroUnits += 1 }
      for b in 0..<blocks where blockNonZero(t, b) {
        stats.nonZeroBlocks += 1
        stats.issuedUnits += blockSize(b)
      }
      if let bits = p.rleBits {
        var last = -1
        for unit in 0..<k where isNonZero(token: t, unit: unit) {
          stats.rleEntries += 1 + (unit - last - 1) / (1 << bits)
          last = unit
        }
      }
    }
    func unionBlocks(_ tokens: Range<Int>) -> [Int] {
      (0..<blocks).filter { b in tokens.contains { blockNonZero($0, b) } }
    }
    func units(_ blockList: [Int]) -> Int { blockList.reduce(0) { $0 + blockSize($1) } }
    stats.unionUnitsSequence = units(unionBlocks(0..<tokenCount))
    for (i, tile) in MaskStatistics.unionTileTokens.enumerated() {
      for start in stride(from: 0, to: tokenCount, by: tile) {
        let range = start..<min(tokenCount, start + tile)
        for unit in 0..<k where range.contains(where: { isNonZero(token: $0, unit: unit) }) {
          stats.unionUnitsByTile[i] += 1
        }
      }
    }
    guard p.skipping else { return stats }
    for range in balancedTiles(tokens: tokenCount, tileRows: tileRows) {
      var tile = TileStatistics()
      tile.tokens = range.count
      let union = unionBlocks(range)
      tile.unionUnits = units(union)
      switch p.dataflow {
      case .ws:
        tile.windows = windows(
          tokens: range, union: union, blocks: blocks, blockNonZero: blockNonZero,
          blockSize: blockSize)
      case .os, .is:
        for start in stride(from: range.lowerBound, to: range.upperBound, by: p.rows) {
          let group = start..<min(range.upperBound, start + p.rows)
          var stats = GroupStatistics()
          stats.tokens = group.count
          stats.unionUnits = units(unionBlocks(group))
          for t in group {
            for b in 0..<blocks where blockNonZero(t, b) { stats.issuedUnits += blockSize(b) }
          }
          tile.groups.append(stats)
        }
      }
      stats.tiles.append(tile)
    }
    return stats
  }

  /// The tile's ws windows: consecutive blocks of K (empty-union windows dropped), or with fold
  /// compaction the union's blocks packed in order.
  private func windows(
    tokens: Range<Int>, union: [Int], blocks: Int, blockNonZero: (Int, Int) -> Bool,
    blockSize: (Int) -> Int
  ) -> [WindowStatistics] {
    let layout = parameters.layout
    let order = parameters.foldCompaction ? union : Array(0..<blocks)
    var result: [WindowStatistics] = []
    for start in stride(from: 0, to: order.count, by: layout.capacity) {
      let members = Array(order[start..<min(order.count, start + layout.capacity)])
      var window = WindowStatistics()
      window.blocks = members.count
      for b in members where union.contains(b) { window.unionUnits += blockSize(b) }
      if window.unionUnits == 0 { continue }
      for t in tokens {
        var perLane = [Int](repeating: 0, count: layout.lanes)
        for (q, b) in members.enumerated() where blockNonZero(t, b) {
          perLane[layout.lane(ofPosition: q)] += 1
        }
        let busiest = perLane.max() ?? 0
        window.streamSlots += busiest
        if busiest > 0 { window.activeTokens += 1 }
      }
      result.append(window)
    }
    return result
  }
}
