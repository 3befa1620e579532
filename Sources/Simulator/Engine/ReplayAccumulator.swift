import TraceFormat

/// Which mask analysis a replay uses: the word-wise fast path or the brute-force oracle.
public enum MaskAnalysisMode: Sendable {
  case fast
  case reference
}

/// Streams a trace through the engine: feed records one by one with ``add(_:)``, then take
/// ``result()``. Memory depends on the model dimensions and the number of distinct sequence
/// lengths (dense GEMM costs are cached per length), not on the number of records.
public final class ReplayAccumulator {
  public let header: TraceHeader
  public let config: HardwareConfig
  public let options: WorkloadOptions
  private let dims: TraceHeaderDimensions
  private let dense: HardwareConfig
  private let fast: MaskAnalyzer
  private let reference: ReferenceMaskAnalyzer
  private let mode: MaskAnalysisMode
  private var layers: [LayerTally]
  private var cache: [Int: [CachedLayer]] = [:]
  private var sequences = 0
  private var tokens = 0

  public init(
    header: TraceHeader, config: HardwareConfig, options: WorkloadOptions = WorkloadOptions(),
    analysis: MaskAnalysisMode = .fast
  ) throws(SimulationError) {
    self.header = header
    self.config = config
    self.options = options
    self.dims = try TraceHeaderDimensions(header: header)
    self.dense = config.denseBaseline
    let parameters = MaskAnalysisParameters(config: config)
    self.fast = MaskAnalyzer(parameters: parameters)
    self.reference = ReferenceMaskAnalyzer(parameters: parameters)
    self.mode = analysis
    self.layers = (0..<dims.layers).map { _ in LayerTally() }
  }

  /// Adds one sequence.
  public func add(_ record: TraceRecord) throws(SimulationError) {
    guard record.masks.count == dims.layers else {
      throw .recordMismatch(
        sequenceIndex: record.sequenceIndex, what: "layer masks", expected: "\(dims.layers)",
        found: "\(record.masks.count)")
    }
    let t = record.tokenCount
    let cached = costs(tokens: t)
    for (layer, mask) in record.masks.enumerated() {
      guard mask.units == dims.intermediate else {
        throw .recordMismatch(
          sequenceIndex: record.sequenceIndex, what: "units of layer \(layer)'s mask",
          expected: "\(dims.intermediate) (model.intermediate)", found: "\(mask.units)")
      }
      let entry = cached[layer]
      var tally = layers[layer]
      for (i, gemm) in entry.gemms.enumerated() {
        var counts = entry.counts[i]
        if gemm.isMLPDown {
          let stats = mode == .fast ? fast.analyze(mask) : reference.analyze(mask)
          counts = GEMMCostModel.mlpDown(gemm, stats: stats, config: config)
          tally.addDensity(stats, granularity: fast.parameters.granularityUnits)
        }
        tally.add(gemm.name, counts: counts, dense: entry.denseCounts[i])
      }
      tally.vector += entry.vector
      tally.denseVector += entry.denseVector
      layers[layer] = tally
    }
    sequences += 1
    tokens += t
  }

  /// The result over every record added so far.
  public func result() -> SimulationResult {
    var total = ActionCounts()
    var denseTotal = ActionCounts()
    let layerResults = layers.enumerated().map { index, tally in
      let result = tally.result(
        layer: index, skipped: dims.skippedLayers.contains(index), config: config, dense: dense)
      total += result.total.counts
      denseTotal += result.denseTotal.counts
      return result
    }
    return SimulationResult(
      traceHeader: header, hardware: config, workload: options, sequences: sequences,
      tokens: tokens, layers: layerResults,
      total: WorkResult(name: "total", counts: total, config: config),
      denseTotal: WorkResult(name: "total", counts: denseTotal, config: dense))
  }

  /// Mask-independent costs of every layer for a sequence of `t` tokens, computed once per length.
  private func costs(tokens t: Int) -> [CachedLayer] {
    if let hit = cache[t] { return hit }
    let entry = (0..<dims.layers).map { layer in
      let work = LayerWorkload(header: dims, layer: layer, tokens: t, options: options)
      return CachedLayer(
        gemms: work.gemms,
        counts: work.gemms.map { GEMMCostModel.dense($0, config: config).times($0.instances) },
        denseCounts: work.gemms.map { GEMMCostModel.dense($0, config: dense).times($0.instances) },
        vector: GEMMCostModel.vector(elements: work.vectorElements, config: config),
        denseVector: GEMMCostModel.vector(elements: work.vectorElements, config: dense))
    }
    cache[t] = entry
    return entry
  }
}

private struct CachedLayer {
  var gemms: [GEMMShape]
  var counts: [ActionCounts]
  var denseCounts: [ActionCounts]
  var vector: ActionCounts
  var denseVector: ActionCounts
}
