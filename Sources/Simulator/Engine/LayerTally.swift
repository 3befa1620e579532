/// Running sums of one layer over the sequences of a replay.
struct LayerTally {
  var names: [String] = []
  var gemms: [ActionCounts] = []
  var denseGemms: [ActionCounts] = []
  var orders: [MemoryOrderTally] = []
  var denseOrders: [MemoryOrderTally] = []
  var vector = ActionCounts()
  var denseVector = ActionCounts()
  var nonZeroUnits = 0
  var units = 0
  var nonZeroBlocks = 0
  var blocks = 0
  var granularityUnits = 1
  var unionUnitsByTile = [Int](repeating: 0, count: MaskStatistics.unionTileTokens.count)
  var tileUnits = [Int](repeating: 0, count: MaskStatistics.unionTileTokens.count)
  var unionUnitsSequence = 0
  var sequenceUnits = 0

  /// Adds one run of GEMM `name` (all its instances) on the config and on the dense baseline.
  mutating func add(_ name: String, cost: GEMMCost, dense: GEMMCost) {
    let i: Int
    if let existing = names.firstIndex(of: name) {
      i = existing
      gemms[i] += cost.counts
      denseGemms[i] += dense.counts
    } else {
      i = names.count
      names.append(name)
      gemms.append(cost.counts)
      denseGemms.append(dense.counts)
      orders.append(MemoryOrderTally())
      denseOrders.append(MemoryOrderTally())
    }
    orders[i].add(cost.order)
    denseOrders[i].add(dense.order)
  }

  mutating func addDensity(_ stats: MaskStatistics, granularity: Int) {
    let k = stats.units
    granularityUnits = granularity
    nonZeroUnits += stats.nonZeroUnits
    units += stats.tokens * k
    nonZeroBlocks += stats.nonZeroBlocks
    blocks += stats.tokens * ((k + granularity - 1) / granularity)
    for (i, tile) in MaskStatistics.unionTileTokens.enumerated() {
      unionUnitsByTile[i] += stats.unionUnitsByTile[i]
      tileUnits[i] += ((stats.tokens + tile - 1) / tile) * k
    }
    if stats.tokens > 0 {
      unionUnitsSequence += stats.unionUnitsSequence
      sequenceUnits += k
    }
  }

  func result(layer: Int, skipped: Bool, config: HardwareConfig, dense: HardwareConfig)
    -> LayerResult
  {
    var total = vector
    var denseTotal = denseVector
    for i in names.indices {
      total += gemms[i]
      denseTotal += denseGemms[i]
    }
    func fraction(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
    let profile = DensityProfile(
      elementDensity: fraction(nonZeroUnits, units), blockDensity: fraction(nonZeroBlocks, blocks),
      blockGranularityUnits: granularityUnits,
      unionDensityByTile: MaskStatistics.unionTileTokens.enumerated().map {
        UnionDensity(tileTokens: $1, density: fraction(unionUnitsByTile[$0], tileUnits[$0]))
      },
      unionDensityPerSequence: fraction(unionUnitsSequence, sequenceUnits))
    return LayerResult(
      layer: layer, mlpSkipped: skipped,
      gemms: names.indices.map {
        WorkResult(
          name: names[$0], counts: gemms[$0], config: config, memoryOrder: orders[$0].summary)
      },
      denseGemms: names.indices.map {
        WorkResult(
          name: names[$0], counts: denseGemms[$0], config: dense,
          memoryOrder: denseOrders[$0].summary)
      },
      vector: WorkResult(name: "vector", counts: vector, config: config),
      total: WorkResult(name: "layer \(layer)", counts: total, config: config),
      denseTotal: WorkResult(name: "layer \(layer)", counts: denseTotal, config: dense),
      density: profile)
  }
}
