import TraceFormat

/// Streams a version-2 trace through the engine (docs/simulator-model.md, "Version-2
/// workloads"): feed records with ``add(_:)``, then take ``result()``.
///
/// Records are grouped per phase into batches of ``WorkloadOptions/batchSequences``
/// consecutive records of that phase (a well-formed trace has one record per sequence and
/// phase). An encoder or prefill batch runs as one ``TransformerWorkload`` (M = the batch's
/// tokens); a decode batch runs step by step: step j is one workload whose M is the sequences of
/// the batch that still have a step j (the live sequences, one token each). Every GEMM is costed
/// by ``GEMMCostModel`` (the engine v1 uses): dense GEMMs from a cache keyed by shape, MLP-down
/// from the statistics of the run's masks, a gated up projection under gate masks by
/// ``GEMMCostModel/outputMaskedCost(_:masks:stats:config:outputBytes:denseOf:)``. Memory: at most
/// one unfinished batch per phase, plus the cost caches (distinct shapes), not the trace length.
public final class TransformerReplayAccumulator {
  public let header: TraceHeader
  public let config: HardwareConfig
  public let options: WorkloadOptions
  let architecture: ModelArchitecture
  let dense: HardwareConfig
  let analyzer: MaskAnalyzer
  var cache: GEMMCostCache
  var denseCache: GEMMCostCache
  /// Workloads of recent runs by phase and token contexts.
  var workloads: [[Int]: TransformerWorkload] = [:]
  /// Bytes of the model's weights when they stay on chip (``Mapping/residentWeights``), else 0.
  let residentWeightBytes: Int
  var tallies: TransformerTallies
  /// Records of the batch being filled, per phase (raw value).
  private var pending: [[TraceRecord]] = [[], [], []]
  private var lastSequence: Int?
  private var sequences = 0
  private var tokens = 0

  public init(
    header: TraceHeader, config: HardwareConfig, options: WorkloadOptions = WorkloadOptions()
  ) throws(SimulationError) {
    guard let architecture = header.architecture else {
      throw .invalidHeader(
        key: "formatVersion", expected: "2 (a version-1 trace replays through ReplayAccumulator)",
        found: "\(header.formatVersion)")
    }
    if let problem = header.validationProblems.first {
      throw .invalidHeader(key: problem.key, expected: "a valid value", found: problem.reason)
    }
    self.header = header
    self.config = config
    self.options = options
    self.architecture = architecture
    self.dense = config.denseBaseline
    let weightBytes =
      config.mapping.residentWeights
      ? ResidentWeights.bytes(header: header, options: options, config: config) : 0
    let resident = ResidentWeights.fits(bytes: weightBytes, config: config)
    self.residentWeightBytes = resident ? weightBytes : 0
    self.cache = GEMMCostCache(config: config, weightsResident: resident)
    self.denseCache = GEMMCostCache(config: config.denseBaseline, weightsResident: resident)
    self.analyzer = MaskAnalyzer(parameters: MaskAnalysisParameters(config: config))
    self.tallies = TransformerTallies(layers: architecture.totalLayers)
  }

  /// Adds one record; costs its phase's batch when the batch is full.
  public func add(_ record: TraceRecord) throws(SimulationError) {
    try validate(record)
    if record.sequenceIndex != lastSequence {
      sequences += 1
      lastSequence = record.sequenceIndex
    }
    tokens += record.tokenCount
    let p = Int(record.phase.rawValue)
    tallies.phases[p].records += 1
    tallies.phases[p].tokens += record.tokenCount
    pending[p].append(record)
    if pending[p].count == options.batchSequences {
      try cost(record.phase, pending[p], into: &tallies)
      pending[p].removeAll(keepingCapacity: true)
    }
  }

  /// The result over every record added so far (unfinished batches count as the last ones).
  public func result() throws(SimulationError) -> SimulationResult {
    var snapshot = tallies
    for phase in TracePhase.allCases where !pending[Int(phase.rawValue)].isEmpty {
      try cost(phase, pending[Int(phase.rawValue)], into: &snapshot)
    }
    if residentWeightBytes > 0 && sequences > 0 {
      // The one load of the resident weights, before the first run (counted in no phase).
      snapshot.layers[0].add(
        "weights-load", cost: ResidentWeights.load(bytes: residentWeightBytes, config: config),
        dense: ResidentWeights.load(bytes: residentWeightBytes, config: dense))
    }
    let skipped = header.deft.ada ? Set(header.deft.skippedLayers) : []
    var total = ActionCounts()
    var denseTotal = ActionCounts()
    let layerResults = snapshot.layers.enumerated().map { index, tally in
      let result = tally.result(
        layer: index, skipped: skipped.contains(index), config: config, dense: dense)
      total += result.total.counts
      denseTotal += result.denseTotal.counts
      return result
    }
    var result = SimulationResult(
      traceHeader: header, hardware: config, workload: options, sequences: sequences,
      tokens: tokens, layers: layerResults,
      total: WorkResult(name: "total", counts: total, config: config),
      denseTotal: WorkResult(name: "total", counts: denseTotal, config: dense))
    result.phases = TracePhase.allCases.compactMap { phase in
      let tally = snapshot.phases[Int(phase.rawValue)]
      guard tally.records > 0 else { return nil }
      return PhaseResult(
        phase: phase.description, sequences: tally.records, tokens: tally.tokens,
        runs: tally.runs,
        total: WorkResult(name: phase.description, counts: tally.counts, config: config),
        denseTotal: WorkResult(name: phase.description, counts: tally.dense, config: dense))
    }
    return result
  }

  private func validate(_ record: TraceRecord) throws(SimulationError) {
    func mismatch(_ what: String, _ expected: String, _ found: String) -> SimulationError {
      .recordMismatch(
        sequenceIndex: record.sequenceIndex, what: what, expected: expected, found: found)
    }
    guard let stack = architecture.stack(for: record.phase) else {
      throw mismatch(
        "phase", "one of \(architecture.phases.map(\.description).joined(separator: ", "))",
        "\(record.phase)")
    }
    guard record.masks.count == stack.layers else {
      throw mismatch(
        "layer masks", "\(stack.layers) (\(stack.role) layers)", "\(record.masks.count)")
    }
    for (layer, mask) in record.masks.enumerated() where mask.units != stack.intermediate {
      throw mismatch(
        "units of layer \(layer)'s mask", "\(stack.intermediate) (\(stack.role) intermediate)",
        "\(mask.units)")
    }
    guard record.contextLengths.count == record.tokenCount else {
      throw mismatch(
        "context lengths", "\(record.tokenCount) (one per token)",
        "\(record.contextLengths.count)")
    }
    let limits = TraceLimits.contextLength
    if let bad = record.contextLengths.first(where: { !limits.contains($0) }) {
      throw mismatch("context lengths", "values in \(limits)", "\(bad)")
    }
    let cross = architecture.isEncoderDecoder && record.phase != .encoder
    guard !cross || limits.contains(record.crossAttentionLength) else {
      throw mismatch(
        "cross-attention length", "a value in \(limits) (encoder–decoder)",
        "\(record.crossAttentionLength)")
    }
  }
}

/// Running sums of a version-2 replay: per global layer (encoder layers, then decoder layers;
/// the LM head is counted in the decoder's last layer) and per phase.
struct TransformerTallies {
  var layers: [LayerTally]
  var phases = [PhaseTally](repeating: PhaseTally(), count: TracePhase.allCases.count)

  init(layers count: Int) {
    layers = (0..<count).map { _ in LayerTally() }
  }
}

/// Running sums of one phase.
struct PhaseTally {
  var records = 0
  var tokens = 0
  var runs = 0
  var counts = ActionCounts()
  var dense = ActionCounts()
}
