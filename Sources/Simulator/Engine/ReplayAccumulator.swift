import TraceFormat

/// How a replay analyses masks and assembles each batch's GEMMs: the word-wise fast path with
/// dense costs cached per token count, or the brute-force oracle (``ReferenceMaskAnalyzer``, and
/// every batch's GEMMs built and costed afresh from ``LayerWorkload``).
public enum MaskAnalysisMode: Sendable {
  case fast
  case reference
}

/// Streams a trace through the engine: feed records one by one with ``add(_:)``, then take
/// ``result()``.
///
/// Records are grouped into batches of ``WorkloadOptions/batchSequences`` consecutive records
/// (docs/simulator-model.md, "Batching"). A batch is costed as soon as it is full; ``result()``
/// costs the records of an unfinished batch as the last, smaller batch without consuming them,
/// so it can be called at any time. Memory depends on the model dimensions, the batch size (at
/// most one batch of records is held) and the number of distinct token counts of sequences and
/// batches (dense GEMM costs are cached per count), not on the number of records.
public final class ReplayAccumulator {
  public let header: TraceHeader
  public let config: HardwareConfig
  public let options: WorkloadOptions
  let dims: TraceHeaderDimensions
  let dense: HardwareConfig
  let fast: MaskAnalyzer
  let reference: ReferenceMaskAnalyzer
  let mode: MaskAnalysisMode
  /// Bytes of the model's weights when they stay on chip (``Mapping/residentWeights``), else 0.
  let residentWeightBytes: Int
  var weightsResident: Bool { residentWeightBytes > 0 }
  var cache: [Int: [CachedLayer]] = [:]
  /// Plans of mlp-up and MLP-down per batch token count (they are costed per batch).
  var mlpPlans: [Int: (up: GEMMCostModel.Plan, down: GEMMCostModel.Plan)] = [:]
  private var layers: [LayerTally]
  private var filterBytes = 0
  /// Records of the batch being filled (fewer than `options.batchSequences`).
  private var pending: [TraceRecord] = []
  private var sequences = 0
  private var tokens = 0
  private var pendingTokens = 0
  private var pendingLongest = 0

  public init(
    header: TraceHeader, config: HardwareConfig, options: WorkloadOptions = WorkloadOptions(),
    analysis: MaskAnalysisMode = .fast
  ) throws(SimulationError) {
    self.header = header
    self.config = config
    self.options = options
    self.dims = try TraceHeaderDimensions(header: header)
    try WorkloadBounds.check(dims, batchTokens: 1, longestSequence: 1)
    self.dense = config.denseBaseline
    let parameters = MaskAnalysisParameters(config: config)
    self.fast = MaskAnalyzer(parameters: parameters)
    self.reference = ReferenceMaskAnalyzer(parameters: parameters)
    self.mode = analysis
    let weightBytes =
      config.mapping.residentWeights
      ? ResidentWeights.bytes(dims: dims, options: options, config: config) : 0
    self.residentWeightBytes =
      ResidentWeights.fits(bytes: weightBytes, config: config) ? weightBytes : 0
    self.layers = (0..<dims.layers).map { _ in LayerTally() }
    self.pending.reserveCapacity(min(options.batchSequences, 1024))
  }

  /// Adds one sequence; costs its batch when the batch is full.
  public func add(_ record: TraceRecord) throws(SimulationError) {
    try validate(record)
    let (batchTokens, overflow) = pendingTokens.addingReportingOverflow(record.tokenCount)
    guard !overflow else {
      throw .workloadTooLarge(gemm: "qkv-projection", field: "batch tokens", found: "overflow")
    }
    try WorkloadBounds.check(
      dims, batchTokens: batchTokens, longestSequence: max(pendingLongest, record.tokenCount))
    pendingTokens = batchTokens
    pendingLongest = max(pendingLongest, record.tokenCount)
    pending.append(record)
    sequences += 1
    tokens += record.tokenCount
    if pending.count == options.batchSequences {
      addBatch(pending, to: &layers, dramFilterReadBytes: &filterBytes)
      pending.removeAll(keepingCapacity: true)
      pendingTokens = 0
      pendingLongest = 0
    }
  }

  /// The result over every record added so far (an unfinished batch counts as the last batch).
  public func result() -> SimulationResult {
    let (tallies, _) = snapshot()
    var total = ActionCounts()
    var denseTotal = ActionCounts()
    let layerResults = tallies.enumerated().map { index, tally in
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

  /// DRAM bytes read for the filter operand of every GEMM on ``config``, over every record added
  /// so far: the weights (fetched once per batch when they fit, see "Memory"), plus the keys and
  /// values of the per-sequence attention GEMMs. A share of `result().total.counts.dramReadBytes`
  /// that results do not break out; tests and benchmarks compare it across batch sizes.
  public var dramFilterReadBytes: Int { snapshot().dramFilterReadBytes }

  /// The tallies with the unfinished batch (if any) costed, leaving the state unchanged.
  private func snapshot() -> (layers: [LayerTally], dramFilterReadBytes: Int) {
    var tallies = layers
    var bytes = filterBytes
    if !pending.isEmpty { addBatch(pending, to: &tallies, dramFilterReadBytes: &bytes) }
    if weightsResident && sequences > 0 {
      tallies[0].add(
        "weights-load", cost: ResidentWeights.load(bytes: residentWeightBytes, config: config),
        dense: ResidentWeights.load(bytes: residentWeightBytes, config: dense))
      bytes += residentWeightBytes
    }
    return (tallies, bytes)
  }

  private func validate(_ record: TraceRecord) throws(SimulationError) {
    guard record.masks.count == dims.layers else {
      throw .recordMismatch(
        sequenceIndex: record.sequenceIndex, what: "layer masks", expected: "\(dims.layers)",
        found: "\(record.masks.count)")
    }
    for (layer, mask) in record.masks.enumerated() where mask.units != dims.intermediate {
      throw .recordMismatch(
        sequenceIndex: record.sequenceIndex, what: "units of layer \(layer)'s mask",
        expected: "\(dims.intermediate) (model.intermediate)", found: "\(mask.units)")
    }
  }
}
