// The cost of one GEMM run: compute (ComputeModel), memory (MemoryModel), SRAM bytes, latency.

extension GEMMCostModel {
  /// ``dense(_:config:)`` with the DRAM bytes of its filter operand. `outputBytes` overrides
  /// the output's DRAM size (mlp-up writing the MLP-down input compressed).
  /// `weightsResident`: the second operand is on chip already (``Mapping/residentWeights``), no
  /// DRAM weight traffic.
  static func denseCost(
    _ gemm: GEMMShape, config: HardwareConfig, outputBytes: Int? = nil, plan known: Plan? = nil,
    weightsResident: Bool = false, inputOnChip: Bool = false
  ) -> GEMMCost {
    let one = GEMMShape(name: gemm.name, m: gemm.m, k: gemm.k, n: gemm.n)
    // A fused MLP's down projection reads its input from the on-chip buffer.
    let ifmapBytes = inputOnChip ? 0 : one.m * one.k * config.operandPrecision.bytesPerWord
    let weights = weightsResident ? WeightBytes.onChip : WeightBytes(dense: one)
    if config.mapping.isScaleSim {
      let compute = ComputeModel.dense(
        m: one.m, k: one.k, n: one.n, tiles: one.m > 0 ? [one.m] : [], config: config)
      let choice = cheaperScaleSimOrder(one, config: config) { plan in
        memoryInputs(
          one, plan: plan, ifmapBytes: one.m * one.k * config.operandPrecision.bytesPerWord,
          metadataBytes: 0, weights: weights, outputBytes: outputBytes,
          config: config)
      }
      return assemble(compute, choice.traffic, order: choice.order, config: config).times(
        gemm.instances)
    }
    let plan = known ?? plan(one, config: config)
    var compute: ComputeCounts
    let pack = packedHeads(gemm, config: config)
    if pack > 1 {
      let groups = (gemm.instances + pack - 1) / pack
      compute = ComputeModel.dense(
        m: one.m, k: pack * one.k, n: pack * one.n, instances: groups, tiles: plan.tiles,
        config: config)
      compute.macsComputed = gemm.macs
      compute.loaded = plan.tiles.count * one.k * one.n * gemm.instances
    } else {
      compute = ComputeModel.dense(
        m: one.m, k: one.k, n: one.n, instances: gemm.instances, tiles: plan.tiles, config: config)
    }
    let memory = memoryInputs(
      one, plan: plan, ifmapBytes: ifmapBytes, metadataBytes: 0, weights: weights,
      outputBytes: outputBytes, config: config)
    var traffic = MemoryModel.traffic(memory, config: config)
    traffic.dramReadBytes *= gemm.instances
    traffic.dramWriteBytes *= gemm.instances
    traffic.dramFilterReadBytes *= gemm.instances
    return assemble(compute, traffic, order: plan.order, config: config)
  }

  /// Heads of an attention GEMM packed side by side on a ws array (block-diagonal: each head's
  /// K rows and N columns), or 1.
  static func packedHeads(_ gemm: GEMMShape, config: HardwareConfig) -> Int {
    let a = config.peArray
    guard config.mapping.packHeads, !config.mapping.isScaleSim, gemm.instances > 1,
      a.dataflow == .ws, a.weightsPerPE == 1, gemm.k <= a.rows, gemm.n <= a.columns
    else { return 1 }
    return min(gemm.instances, a.rows / gemm.k, a.columns / gemm.n)
  }

  /// SCALE-Sim mode: the M-tiled order only when it moves strictly fewer DRAM bytes.
  static func cheaperScaleSimOrder(
    _ gemm: GEMMShape, config: HardwareConfig, inputs: (Plan) -> GEMMMemoryInputs
  ) -> (traffic: MemoryTraffic, order: MemoryOrder) {
    let fold = Plan(tileRows: 0, tiles: gemm.m > 0 ? [gemm.m] : [], order: .fold)
    let foldTraffic = MemoryModel.traffic(inputs(fold), config: config)
    let tiled = plan(gemm, config: config)
    guard tiled.tiles.count > 1 else { return (foldTraffic, .fold) }
    let tiledTraffic = MemoryModel.traffic(inputs(tiled), config: config)
    return tiledTraffic.totalBytes < foldTraffic.totalBytes
      ? (tiledTraffic, tiled.order) : (foldTraffic, .fold)
  }

  /// ``mlpDown(_:stats:config:)`` with the DRAM bytes of its filter operand.
  static func mlpDownCost(
    _ gemm: GEMMShape, stats: MaskStatistics, config: HardwareConfig, plan known: Plan? = nil,
    weightsResident: Bool = false, inputOnChip: Bool = false
  ) -> GEMMCost {
    precondition(stats.tokens == gemm.m && stats.units == gemm.k, "stats do not match \(gemm)")
    let (m, k, n) = (gemm.m, gemm.k, gemm.n)
    let bytes = config.operandPrecision.bytesPerWord
    let scaleSim = config.mapping.isScaleSim
    let mode = config.zeroHandling.mode
    let plan = known ?? plan(gemm, config: config)
    let computeTiles = scaleSim ? (m > 0 ? [m] : []) : plan.tiles
    var compute: ComputeCounts
    if mode == .skip {
      precondition(stats.tiles.count == computeTiles.count, "stats analysed with other M tiles")
      compute = ComputeModel.skip(m: m, k: k, n: n, stats: stats, config: config)
    } else {
      compute = ComputeModel.dense(m: m, k: k, n: n, tiles: computeTiles, config: config)
      if mode == .gate {
        compute.macsComputed = stats.nonZeroUnits * n
        compute.macsGated = m * k * n - compute.macsComputed
      }
    }
    // The input as stored (values + metadata), and as it moves through DRAM.
    let format = config.activationFormat
    let (values, metadata): (Int, Int)
    switch format.kind {
    case .dense: (values, metadata) = (m * k, 0)
    case .bitmask: (values, metadata) = (stats.nonZeroUnits, (m * k * format.metadataBits + 7) / 8)
    case .rle:
      (values, metadata) = (stats.rleEntries, (stats.rleEntries * format.metadataBits + 7) / 8)
    }
    let compressedInDRAM = config.mapping.compressedWrites && !scaleSim
    let dramIfmap = inputOnChip ? 0 : compressedInDRAM ? values * bytes + metadata : m * k * bytes
    let dramMetadata = compressedInDRAM && !inputOnChip ? metadata : 0
    // Weights: under skip only the union's rows.
    var weights = WeightBytes(dense: gemm)
    if mode == .skip {
      let once = stats.unionUnitsSequence * n * bytes
      switch config.peArray.dataflow {
      case .ws:
        let perTile = stats.tiles.reduce(0) { $0 + $1.unionUnits } * n * bytes
        weights = WeightBytes(
          once: once, refetch: once, stream: scaleSim ? once * plan.tiles.count : perTile)
      case .os, .is:
        let groups = stats.tiles.reduce(0) { $0 + $1.groups.reduce(0) { $0 + $1.unionUnits } }
        weights = WeightBytes(once: once, refetch: groups * n * bytes, stream: groups * n * bytes)
      }
    }
    if weightsResident { weights = .onChip }
    let inputs = { (plan: Plan) in
      memoryInputs(
        gemm, plan: plan, ifmapBytes: dramIfmap, metadataBytes: dramMetadata, weights: weights,
        outputBytes: nil, config: config)
    }
    let (traffic, order) =
      scaleSim
      ? cheaperScaleSimOrder(gemm, config: config, inputs: inputs)
      : (MemoryModel.traffic(inputs(plan), config: config), plan.order)
    let nFolds = ComputeModel.ceilDiv(n, config.peArray.columns)
    let passes = config.peArray.dataflow == .is ? 1 : nFolds
    let valueReads = format.kind == .dense ? nil : stats.nonZeroUnits * passes
    var cost = assemble(compute, traffic, order: order, config: config, ifmapValueReads: valueReads)
    cost.counts.sramMetadataReadBytes = metadata * passes
    if mode == .skip || format.kind != .dense { cost.counts.encoderElements = m * k }
    return cost
  }

  /// Counts from the compute side and the traffic: SRAM bytes (values crossing into the array,
  /// weights loaded or streamed, accumulator writes at accumulator width), DRAM bytes, memory
  /// cycles and latency.
  static func assemble(
    _ c: ComputeCounts, _ traffic: MemoryTraffic, order: MemoryOrder, config: HardwareConfig,
    ifmapValueReads: Int? = nil
  ) -> GEMMCost {
    let bytes = config.operandPrecision.bytesPerWord
    let acc = config.mapping.isScaleSim ? bytes : config.mapping.accumulatorBytes
    var counts = ActionCounts()
    counts.macsComputed = c.macsComputed
    counts.macsGated = c.macsGated
    counts.macsSkipped = c.macsSkipped
    counts.computeCycles = c.cycles
    counts.skipSetupCycles = c.skipSetupCycles
    counts.indexGenerations = c.indexGenerations
    counts.compactionOperations = c.compactionOperations
    counts.weightSlotReads = config.peArray.weightsPerPE > 1 ? c.macsComputed : 0
    let stationaryInputs = config.peArray.dataflow == .is
    counts.sramIfmapReadBytes =
      (ifmapValueReads ?? (stationaryInputs ? c.loaded : c.injected)) * bytes
    counts.sramFilterReadBytes = (stationaryInputs ? c.injected : c.loaded) * bytes
    counts.sramOfmapWriteBytes = c.accumulatorWrites * acc
    counts.dramReadBytes = traffic.dramReadBytes
    counts.dramWriteBytes = traffic.dramWriteBytes
    counts.dramMetadataReadBytes = traffic.dramMetadataReadBytes
    counts.memoryCycles = MemoryModel.transferCycles(bytes: traffic.totalBytes, config: config)
    counts.totalCycles = MemoryModel.totalCycles(
      computeCycles: counts.computeCycles, memoryCycles: counts.memoryCycles, tiles: c.windows,
      config: config)
    return GEMMCost(counts: counts, dramFilterReadBytes: traffic.dramFilterReadBytes, order: order)
  }
}
