import TraceFormat

/// Costing one run of a version-2 replay (docs/simulator-model.md, "Version-2 workloads"):
/// the ``TransformerWorkload`` of the run's sequences, each GEMM through ``GEMMCostModel``.
extension TransformerReplayAccumulator {
  /// Costs a batch of records of `phase`: one run (encoder, prefill) or one run per decode step.
  func cost(_ phase: TracePhase, _ records: [TraceRecord], into tallies: inout TransformerTallies)
    throws(SimulationError)
  {
    switch phase {
    case .encoder, .prefill:
      try run(
        phase, sequences: records.map { WorkloadSequence(record: $0) }, into: &tallies
      ) { layer in records.map { $0.masks[layer] } }
    case .decode:
      let steps = records.reduce(0) { max($0, $1.tokenCount) }
      for step in 0..<steps {
        let live = records.filter { $0.tokenCount > step }
        try run(
          phase, sequences: live.map { WorkloadSequence(decodeStep: step, of: $0) },
          into: &tallies
        ) { layer in live.map { $0.masks[layer].token(step) } }
      }
    }
  }

  /// One run: every layer's GEMMs and vector work, the LM head (decoder phases).
  private func run(
    _ phase: TracePhase, sequences: [WorkloadSequence], into tallies: inout TransformerTallies,
    masks: (Int) -> [ActivationMask]
  ) throws(SimulationError) {
    let workload = try workload(phase, sequences)
    let p = Int(phase.rawValue)
    tallies.phases[p].runs += 1
    let maskedRole = architecture.stack(for: phase)?.role
    for work in workload.layers {
      let global = architecture.firstGlobalLayer(of: work.stack) + work.layer
      // Moved out and back so that its arrays stay uniquely referenced (no copy per GEMM).
      var tally = tallies.layers[global]
      tallies.layers[global] = LayerTally()
      var stats: MaskStatistics?
      var layerMasks: [ActivationMask] = []
      var downPlan: GEMMCostModel.Plan?
      if work.stack == maskedRole, let down = work.gemms.first(where: { $0.mask == .inputUnits }) {
        layerMasks = masks(work.layer)
        let plan = cache.plan(try shape(down))
        downPlan = plan
        stats = analyzer.analyze(
          layerMasks, tileRows: config.mapping.isScaleSim ? 0 : plan.tileRows)
      }
      let fused = fusedMLP(work)
      for gemm in work.gemms {
        let shape = try shape(gemm)
        // A fused MLP keeps mlp-gate's and mlp-up's outputs on chip for mlp-down.
        let onChip = OnChip(
          output: fused && ["mlp-gate", "mlp-up"].contains(gemm.name),
          input: fused && gemm.mask == .inputUnits)
        let baseline = denseCache.cost(shape, onChip: onChip)
        let cost: GEMMCost
        let compressed = stats.flatMap {
          gemm.name == "mlp-up"
            ? (fused ? 0 : GEMMCostModel.mlpIntermediateBytes(stats: $0, config: config)) : nil
        }
        if let stats, gemm.mask == .inputUnits {
          cost = GEMMCostModel.mlpDownCost(
            shape, stats: stats, config: config, plan: downPlan,
            weightsResident: cache.weightsResident, inputOnChip: fused)
          tally.addDensity(stats, granularity: analyzer.parameters.granularityUnits)
        } else if let stats, gemm.mask == .outputUnits {
          cost = GEMMCostModel.outputMaskedCost(
            shape, masks: layerMasks, stats: stats, config: config, outputBytes: compressed,
            weightsResident: cache.weightsResident
          ) { reduced, plan in cache.cost(reduced, plan: plan) }
        } else if let compressed {
          cost = GEMMCostModel.denseCost(
            shape, config: config, outputBytes: compressed, plan: cache.plan(shape),
            weightsResident: cache.weightsResident)
        } else {
          cost = cache.cost(shape, onChip: onChip)
        }
        tally.add(gemm.name, cost: cost, dense: baseline)
        tallies.phases[p].counts += cost.counts
        tallies.phases[p].dense += baseline.counts
      }
      add(vector: work.vectorElements, to: &tally, phase: p, tallies: &tallies)
      tallies.layers[global] = tally
    }
    guard !workload.head.isEmpty else { return }
    let last = architecture.totalLayers - 1
    var tally = tallies.layers[last]
    tallies.layers[last] = LayerTally()
    for gemm in workload.head {
      let shape = try shape(gemm)
      let cost = cache.cost(shape)
      let baseline = denseCache.cost(shape)
      tally.add(gemm.name, cost: cost, dense: baseline)
      tallies.phases[p].counts += cost.counts
      tallies.phases[p].dense += baseline.counts
    }
    add(vector: workload.headVectorElements, to: &tally, phase: p, tallies: &tallies)
    tallies.layers[last] = tally
  }

  /// The workload of a run, cached by phase and token contexts (decode steps of sequences with
  /// equal prompt lengths repeat them); the cache is emptied when it holds 256 workloads (a few MB).
  private func workload(_ phase: TracePhase, _ sequences: [WorkloadSequence])
    throws(SimulationError) -> TransformerWorkload
  {
    var key = [Int(phase.rawValue)]
    for s in sequences { key += [s.tokens, s.crossAttentionLength] + s.contextLengths }
    if let hit = workloads[key] { return hit }
    let value: TransformerWorkload
    do throws(WorkloadError) {
      value = try TransformerWorkload(
        header: header, phase: phase, sequences: sequences, options: options)
    } catch {
      throw Self.simulationError(error)
    }
    if workloads.count >= 256 { workloads.removeAll(keepingCapacity: true) }
    workloads[key] = value
    return value
  }

  /// Whether this layer's MLP runs fused: the run's intermediate (gated: gate and up outputs)
  /// fits the ifmap buffer (``Mapping/fusedMLP``).
  private func fusedMLP(_ work: TransformerLayerWork) -> Bool {
    guard config.mapping.fusedMLP, let stack = architecture.stack(work.stack),
      let down = work.gemms.first(where: { $0.mask == .inputUnits })
    else { return false }
    return FusedMLP.fits(
      tokens: down.m, units: stack.intermediate, tensors: stack.mlp.isGated ? 2 : 1,
      config: config)
  }

  private func add(
    vector elements: Int, to tally: inout LayerTally, phase p: Int,
    tallies: inout TransformerTallies
  ) {
    let counts = GEMMCostModel.vector(elements: elements, config: config)
    let baseline = GEMMCostModel.vector(elements: elements, config: dense)
    tally.vector += counts
    tally.denseVector += baseline
    tallies.phases[p].counts += counts
    tallies.phases[p].dense += baseline
  }

  /// The engine's shape of a version-2 GEMM, checked against the engine's limit (2^52 MACs).
  private func shape(_ gemm: WorkloadGEMM) throws(SimulationError) -> GEMMShape {
    guard WorkloadBounds.product([max(gemm.m, 1), gemm.k, gemm.n, gemm.instances]) != nil else {
      throw .workloadTooLarge(
        gemm: gemm.name, field: "architecture",
        found: "\(gemm.m) × \(gemm.k) × \(gemm.n) × \(gemm.instances) > 2^52")
    }
    return GEMMShape(
      name: gemm.name, m: gemm.m, k: gemm.k, n: gemm.n, instances: gemm.instances,
      isMLPDown: gemm.mask == .inputUnits, perSequence: gemm.perSequence)
  }

  static func simulationError(_ error: WorkloadError) -> SimulationError {
    switch error {
    case .unsupported(let reason):
      return .invalidHeader(key: "architecture", expected: "a replayable workload", found: reason)
    case .invalidShape(let name, let reason):
      return .workloadTooLarge(gemm: name, field: "architecture", found: reason)
    case .overflow(let what):
      return .workloadTooLarge(gemm: "workload", field: "architecture", found: what)
    case .invalidSequence(let index, let reason):
      return .recordMismatch(
        sequenceIndex: index, what: "context lengths", expected: "values the limits allow",
        found: reason)
    }
  }
}

/// Dense GEMM costs and plans on one config, keyed by shape (a replay repeats few shapes: every
/// layer of a stack, every batch of the same token count).
struct GEMMCostCache {
  let config: HardwareConfig
  /// Weights on chip (``Mapping/residentWeights``): GEMMs whose second operand is a weight (not
  /// per sequence) move no weight bytes.
  let weightsResident: Bool
  private var costs: [Key: GEMMCost] = [:]
  private var plans: [GEMMShape: GEMMCostModel.Plan] = [:]

  init(config: HardwareConfig, weightsResident: Bool = false) {
    self.config = config
    self.weightsResident = weightsResident
  }

  private struct Key: Hashable {
    var shape: GEMMShape
    /// A forced single-tile plan (the tiles of an output-masked GEMM).
    var oneTile: Bool
    var onChip: OnChip
  }

  mutating func cost(
    _ shape: GEMMShape, plan: GEMMCostModel.Plan? = nil, onChip: OnChip = OnChip()
  ) -> GEMMCost {
    let key = Key(shape: shape, oneTile: plan != nil, onChip: onChip)
    if let hit = costs[key] { return hit }
    let value = GEMMCostModel.denseCost(
      shape, config: config, outputBytes: onChip.output ? 0 : nil, plan: plan,
      weightsResident: weightsResident && !shape.perSequence, inputOnChip: onChip.input)
    costs[key] = value
    return value
  }

  mutating func plan(_ shape: GEMMShape) -> GEMMCostModel.Plan {
    if let hit = plans[shape] { return hit }
    let value = GEMMCostModel.plan(shape, config: config)
    plans[shape] = value
    return value
  }
}

/// Which operands of a fused MLP's GEMM stay on chip (``Mapping/fusedMLP``).
struct OnChip: Hashable {
  var output = false
  var input = false
}

extension ActivationMask {
  /// Token `t` alone (a decode step of a decode record).
  func token(_ t: Int) -> ActivationMask {
    let w = wordsPerToken
    return ActivationMask(tokenCount: 1, units: units, words: Array(words[t * w..<(t + 1) * w]))
  }
}
