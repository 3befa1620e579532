import TraceFormat

/// Costing one batch of records (docs/simulator-model.md, "Batching"): per layer, the
/// token-parallel GEMMs once with M = the batch's tokens, attention scores and context once per
/// sequence, MLP-down from the statistics of the batch's masks concatenated along tokens in
/// record order, vector work of all sequences as one stream (⌈Σ elements / lanes⌉ cycles).
extension ReplayAccumulator {
  func addBatch(
    _ batch: [TraceRecord], to layers: inout [LayerTally], dramFilterReadBytes: inout Int
  ) {
    switch mode {
    case .fast: addBatchFast(batch, to: &layers, dramFilterReadBytes: &dramFilterReadBytes)
    case .reference:
      addBatchReference(batch, to: &layers, dramFilterReadBytes: &dramFilterReadBytes)
    }
  }

  /// Cached dense costs: the token-parallel GEMMs from the entry of the batch's token count, each
  /// per-sequence GEMM from the entry of its sequence's token count (same GEMM index: the GEMM
  /// list of a layer does not depend on the token count, once it is > 0).
  private func addBatchFast(
    _ batch: [TraceRecord], to layers: inout [LayerTally], dramFilterReadBytes: inout Int
  ) {
    let batchTokens = batch.reduce(0) { $0 + $1.tokenCount }
    let shared = costs(tokens: batchTokens)
    let perSequence = batch.map { costs(tokens: $0.tokenCount) }
    let plans = mlpPlans(tokens: batchTokens)
    let tileRows = config.mapping.isScaleSim ? 0 : plans.down.tileRows
    let fused = fusedMLP(tokens: batchTokens)
    for layer in 0..<dims.layers {
      let entry = shared[layer]
      var tally = layers[layer]
      let stats =
        entry.gemms.contains(where: \.isMLPDown)
        ? fast.analyze(batch.map { $0.masks[layer] }, tileRows: tileRows) : nil
      for (i, gemm) in entry.gemms.enumerated() {
        if gemm.perSequence {
          for sequence in perSequence where !sequence[layer].gemms.isEmpty {
            let own = sequence[layer]
            precondition(own.gemms[i].name == gemm.name, "GEMM lists differ in \(gemm.name)")
            tally.add(gemm.name, cost: own.costs[i], dense: own.denseCosts[i])
            dramFilterReadBytes += own.costs[i].dramFilterReadBytes
          }
        } else if gemm.isMLPDown, let stats {
          let cost = GEMMCostModel.mlpDownCost(
            gemm, stats: stats, config: config, plan: plans.down, weightsResident: weightsResident,
            inputOnChip: fused)
          tally.addDensity(stats, granularity: fast.parameters.granularityUnits)
          tally.add(gemm.name, cost: cost, dense: entry.denseCosts[i])
          dramFilterReadBytes += cost.dramFilterReadBytes
        } else if gemm.name == "mlp-up", !fused, let stats,
          let output = GEMMCostModel.mlpIntermediateBytes(stats: stats, config: config)
        {
          let cost = GEMMCostModel.denseCost(
            gemm, config: config, outputBytes: output, plan: plans.up,
            weightsResident: weightsResident)
          tally.add(gemm.name, cost: cost, dense: entry.denseCosts[i])
          dramFilterReadBytes += cost.dramFilterReadBytes
        } else {
          tally.add(gemm.name, cost: entry.costs[i], dense: entry.denseCosts[i])
          dramFilterReadBytes += entry.costs[i].dramFilterReadBytes
        }
      }
      let elements = perSequence.reduce(0) { $0 + $1[layer].vectorElements }
      tally.vector += GEMMCostModel.vector(elements: elements, config: config)
      tally.denseVector += GEMMCostModel.vector(elements: elements, config: dense)
      layers[layer] = tally
    }
  }

  /// The oracle: the batch's ``LayerWorkload`` built from its token counts and every GEMM costed
  /// afresh; masks analysed by ``ReferenceMaskAnalyzer``.
  private func addBatchReference(
    _ batch: [TraceRecord], to layers: inout [LayerTally], dramFilterReadBytes: inout Int
  ) {
    let sequenceTokens = batch.map(\.tokenCount)
    let tileRows = GEMMCostModel.mlpDownTileRows(
      m: sequenceTokens.reduce(0, +), units: dims.intermediate, hidden: dims.hidden,
      config: config)
    let fused = fusedMLP(tokens: sequenceTokens.reduce(0, +))
    for layer in 0..<dims.layers {
      let work = LayerWorkload(
        header: dims, layer: layer, sequenceTokens: sequenceTokens, options: options)
      var tally = layers[layer]
      let stats =
        work.gemms.contains(where: \.isMLPDown)
        ? reference.analyze(batch.map { $0.masks[layer] }, tileRows: tileRows) : nil
      for gemm in work.gemms {
        let resident = weightsResident && !gemm.perSequence
        let io = fusedIO(gemm, fused: fused)
        let denseCost = GEMMCostModel.denseCost(
          gemm, config: dense, outputBytes: io.output, weightsResident: resident,
          inputOnChip: io.inputOnChip)
        let cost: GEMMCost
        if gemm.isMLPDown, let stats {
          cost = GEMMCostModel.mlpDownCost(
            gemm, stats: stats, config: config, weightsResident: resident, inputOnChip: fused)
          tally.addDensity(stats, granularity: reference.parameters.granularityUnits)
        } else if gemm.name == "mlp-up", let stats,
          let output = fused ? 0 : GEMMCostModel.mlpIntermediateBytes(stats: stats, config: config)
        {
          cost = GEMMCostModel.denseCost(
            gemm, config: config, outputBytes: output, weightsResident: resident)
        } else {
          cost = GEMMCostModel.denseCost(
            gemm, config: config, outputBytes: io.output, weightsResident: resident,
            inputOnChip: io.inputOnChip)
        }
        tally.add(gemm.name, cost: cost, dense: denseCost)
        dramFilterReadBytes += cost.dramFilterReadBytes
      }
      tally.vector += GEMMCostModel.vector(elements: work.vectorElements, config: config)
      tally.denseVector += GEMMCostModel.vector(elements: work.vectorElements, config: dense)
      layers[layer] = tally
    }
  }

  /// Whether a batch of `m` tokens runs its MLP fused (``Mapping/fusedMLP``).
  private func fusedMLP(tokens m: Int) -> Bool {
    FusedMLP.fits(tokens: m, units: dims.intermediate, tensors: 1, config: config)
  }

  /// A fused MLP's mlp-up writes nothing to DRAM and its MLP-down reads nothing from it.
  private func fusedIO(_ gemm: GEMMShape, fused: Bool) -> (output: Int?, inputOnChip: Bool) {
    guard fused else { return (nil, false) }
    return (gemm.name == "mlp-up" ? 0 : nil, gemm.isMLPDown)
  }

  /// The plans of mlp-up and MLP-down for a batch of `m` tokens, computed once per count.
  private func mlpPlans(tokens m: Int) -> (up: GEMMCostModel.Plan, down: GEMMCostModel.Plan) {
    if let hit = mlpPlans[m] { return hit }
    let up = GEMMShape(name: "mlp-up", m: m, k: dims.hidden, n: dims.intermediate)
    let down = GEMMShape(
      name: "mlp-down", m: m, k: dims.intermediate, n: dims.hidden, isMLPDown: true)
    let plans = (GEMMCostModel.plan(up, config: config), GEMMCostModel.plan(down, config: config))
    mlpPlans[m] = plans
    return plans
  }

  /// Mask-independent costs of every layer for one sequence of `t` tokens, computed once per
  /// count (used for sequences, and for the token-parallel GEMMs of a batch of `t` tokens).
  private func costs(tokens t: Int) -> [CachedLayer] {
    if let hit = cache[t] { return hit }
    let fused = fusedMLP(tokens: t)
    let entry = (0..<dims.layers).map { layer in
      let work = LayerWorkload(header: dims, layer: layer, tokens: t, options: options)
      func cost(_ gemm: GEMMShape, _ on: HardwareConfig) -> GEMMCost {
        let io = fusedIO(gemm, fused: fused)
        return GEMMCostModel.denseCost(
          gemm, config: on, outputBytes: io.output,
          weightsResident: weightsResident && !gemm.perSequence, inputOnChip: io.inputOnChip)
      }
      return CachedLayer(
        gemms: work.gemms, costs: work.gemms.map { cost($0, config) },
        denseCosts: work.gemms.map { cost($0, dense) },
        vectorElements: work.vectorElements)
    }
    cache[t] = entry
    return entry
  }
}

/// The dense costs of one layer for one token count.
struct CachedLayer {
  var gemms: [GEMMShape]
  var costs: [GEMMCost]
  var denseCosts: [GEMMCost]
  var vectorElements: Int
}
