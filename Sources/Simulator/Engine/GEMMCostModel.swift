/// Turns a GEMM (and, for MLP-down, its mask statistics) into ``ActionCounts`` under a hardware
/// config. Shared by the fast and the reference path, so they differ only in mask analysis.
/// The model is documented in docs/simulator-model.md.
public enum GEMMCostModel {
  /// Counts of one instance of a GEMM whose input is dense (every GEMM but MLP-down), or of
  /// MLP-down on the dense baseline.
  public static func dense(_ gemm: GEMMShape, config: HardwareConfig) -> ActionCounts {
    denseCost(gemm, config: config).counts
  }

  /// Counts of the MLP-down GEMM (`T × F × D`) from its mask statistics under the config's zero
  /// handling and activation format.
  public static func mlpDown(_ gemm: GEMMShape, stats: MaskStatistics, config: HardwareConfig)
    -> ActionCounts
  {
    mlpDownCost(gemm, stats: stats, config: config).counts
  }

  /// ``dense(_:config:)`` with the DRAM bytes of its filter operand.
  static func denseCost(_ gemm: GEMMShape, config: HardwareConfig) -> GEMMCost {
    let (counts, memory, folds) = denseParts(gemm, config: config)
    return finish(counts, memory: memory, tiles: folds, config: config)
  }

  /// Counts without DRAM traffic, the memory model's inputs and the folds of a dense GEMM.
  static func denseParts(_ gemm: GEMMShape, config: HardwareConfig)
    -> (counts: ActionCounts, memory: GEMMMemoryInputs, folds: Int)
  {
    let bytes = config.operandPrecision.bytesPerWord
    let sc = SystolicTiming.dense(m: gemm.m, k: gemm.k, n: gemm.n, array: config.peArray)
    var counts = ActionCounts()
    counts.macsComputed = gemm.m * gemm.k * gemm.n
    counts.computeCycles = sc.computeCycles
    counts.sramIfmapReadBytes = sc.ifmapReadWords * bytes
    counts.sramFilterReadBytes = sc.filterReadWords * bytes
    counts.sramOfmapWriteBytes = sc.ofmapWriteWords * bytes
    let ifmapOnce = gemm.m * gemm.k * bytes
    let filterOnce = gemm.m == 0 ? 0 : gemm.k * gemm.n * bytes
    var tiling = mTiling(gemm, metadataBitsPerUnit: 0, config: config)
    tiling.operands.filterStreamBytes = tiling.tiles * filterOnce
    let memory = GEMMMemoryInputs(
      ifmap: OperandTraffic(onceBytes: ifmapOnce, refetchBytes: ifmapOnce * sc.ifmapPasses),
      filter: OperandTraffic(onceBytes: filterOnce, refetchBytes: filterOnce * sc.filterPasses),
      ofmapBytes: gemm.m * gemm.n * bytes, ofmapPasses: sc.ofmapPasses, tiling: tiling.operands)
    return (counts, memory, sc.folds)
  }

  /// ``mlpDown(_:stats:config:)`` with the DRAM bytes of its filter operand.
  static func mlpDownCost(_ gemm: GEMMShape, stats: MaskStatistics, config: HardwareConfig)
    -> GEMMCost
  {
    let (counts, memory, folds) = mlpDownParts(gemm, stats: stats, config: config)
    return finish(counts, memory: memory, tiles: folds, config: config)
  }

  /// Counts without DRAM traffic, the memory model's inputs and the folds of MLP-down.
  static func mlpDownParts(_ gemm: GEMMShape, stats: MaskStatistics, config: HardwareConfig)
    -> (counts: ActionCounts, memory: GEMMMemoryInputs, folds: Int)
  {
    precondition(stats.tokens == gemm.m && stats.units == gemm.k, "stats do not match \(gemm)")
    let (m, k, n) = (gemm.m, gemm.k, gemm.n)
    let bytes = config.operandPrecision.bytesPerWord
    let array = config.peArray
    let sc = SystolicTiming.dense(m: m, k: k, n: n, array: array)
    let mode = config.zeroHandling.mode
    var counts = ActionCounts()

    // MACs.
    let total = m * k * n
    switch mode {
    case .none:
      counts.macsComputed = total
    case .gate:
      counts.macsComputed = stats.nonZeroUnits * n
      counts.macsGated = total - counts.macsComputed
    case .skip:
      counts.macsComputed = stats.issuedUnits * n
      counts.macsSkipped = total - counts.macsComputed
    }

    // Compute cycles: skipping changes the streaming part, never the folds' fill/drain.
    if mode == .skip && m > 0 {
      counts.computeCycles = SystolicTiming.computeCycles(
        folds: sc.folds, fillDrainPerFold: sc.fillDrainCyclesPerFold,
        totalStreamCycles: sc.outerFolds * stats.skipStreamCycles, array: array)
    } else {
      counts.computeCycles = sc.computeCycles
    }

    // Activation storage: values and metadata of one copy of the T × F input.
    let format = config.activationFormat
    let valueWords: Int
    let metadataBytes: Int
    switch format.kind {
    case .dense:
      (valueWords, metadataBytes) = (m * k, 0)
    case .bitmask:
      (valueWords, metadataBytes) = (stats.nonZeroUnits, (m * k * format.metadataBits + 7) / 8)
    case .rle:
      (valueWords, metadataBytes) = (
        stats.rleEntries, (stats.rleEntries * format.metadataBits + 7) / 8
      )
    }
    counts.sramIfmapReadBytes = valueWords * bytes * sc.ifmapPasses
    counts.sramMetadataReadBytes = metadataBytes * sc.ifmapPasses

    // Weights: under skip only the rows of W2 non-zero in the union over the tile are read.
    let filterWords: Int
    let filterRefetchWords: Int
    if mode == .skip {
      let unionPerTile = array.dataflow == .os ? stats.unionUnitsGroupSum : stats.unionUnitsSequence
      filterWords = stats.unionUnitsSequence * n
      filterRefetchWords = unionPerTile * n
      counts.sramFilterReadBytes = unionPerTile * n * bytes
    } else {
      filterWords = m == 0 ? 0 : k * n
      filterRefetchWords = filterWords * sc.filterPasses
      counts.sramFilterReadBytes = sc.filterReadWords * bytes
    }
    counts.sramOfmapWriteBytes = sc.ofmapWriteWords * bytes

    // M-tiled order: weights streamed once per M tile; under skip each tile reads the union of
    // its own tokens' non-zero rows of W2.
    var tiling = mTiling(gemm, metadataBitsPerUnit: metadataBitsPerUnit(config), config: config)
    if mode == .skip {
      if tiling.tiles > 1 {
        precondition(
          stats.mTileTokens == tiling.operands.tileRows,
          "mask statistics have unions per \(stats.mTileTokens)-token tile, the M-tiled order "
            + "needs \(tiling.operands.tileRows) (GEMMCostModel.mlpDownTileTokens)")
        tiling.operands.filterStreamBytes = stats.unionUnitsMTileSum * n * bytes
      } else {
        tiling.operands.filterStreamBytes = tiling.tiles * stats.unionUnitsSequence * n * bytes
      }
    } else {
      tiling.operands.filterStreamBytes = tiling.tiles * filterWords * bytes
    }

    let ifmapOnce = valueWords * bytes + metadataBytes
    let memory = GEMMMemoryInputs(
      ifmap: OperandTraffic(
        onceBytes: ifmapOnce, refetchBytes: ifmapOnce * sc.ifmapPasses,
        onceMetadataBytes: metadataBytes, refetchMetadataBytes: metadataBytes * sc.ifmapPasses),
      filter: OperandTraffic(
        onceBytes: filterWords * bytes, refetchBytes: filterRefetchWords * bytes),
      ofmapBytes: m * n * bytes, ofmapPasses: sc.ofmapPasses, tiling: tiling.operands)
    return (counts, memory, sc.folds)
  }

  /// Vector-unit work: `elements / lanes` cycles, no DRAM traffic (operands are on chip).
  public static func vector(elements: Int, config: HardwareConfig) -> ActionCounts {
    var counts = ActionCounts()
    counts.vectorElements = elements
    counts.vectorCycles = (elements + config.vectorUnitLanes - 1) / config.vectorUnitLanes
    counts.totalCycles = counts.vectorCycles
    return counts
  }

  /// Adds the DRAM traffic of the cheaper loop order, memory cycles and latency.
  private static func finish(
    _ computed: ActionCounts, memory: GEMMMemoryInputs, tiles: Int, config: HardwareConfig
  ) -> GEMMCost {
    let traffic = MemoryModel.traffic(memory, config: config)
    var counts = computed
    counts.dramReadBytes = traffic.dramReadBytes
    counts.dramWriteBytes = traffic.dramWriteBytes
    counts.dramMetadataReadBytes = traffic.dramMetadataReadBytes
    counts.memoryCycles = MemoryModel.transferCycles(bytes: traffic.totalBytes, config: config)
    counts.totalCycles = MemoryModel.totalCycles(
      computeCycles: counts.computeCycles, memoryCycles: counts.memoryCycles, tiles: tiles,
      config: config)
    return GEMMCost(
      counts: counts, dramFilterReadBytes: traffic.dramFilterReadBytes, order: traffic.order)
  }
}

/// A GEMM's counts, the part of their DRAM reads that fetched the filter operand (the weights,
/// or the keys and values of the attention GEMMs) and its memory order. Kept out of
/// ``ActionCounts`` so results keep their format; ``ReplayAccumulator/dramFilterReadBytes`` sums
/// the filter bytes.
struct GEMMCost {
  var counts: ActionCounts
  var dramFilterReadBytes: Int
  /// The loop order the memory model chose (the same for every instance).
  var order: MemoryOrder

  /// The cost of `instances` identical copies.
  func times(_ instances: Int) -> GEMMCost {
    GEMMCost(
      counts: counts.times(instances), dramFilterReadBytes: dramFilterReadBytes * instances,
      order: order)
  }
}
