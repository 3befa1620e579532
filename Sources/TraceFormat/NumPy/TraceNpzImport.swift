import Foundation

extension TraceNpz {
  /// Writes a trace from an `.npz` in the layout of `export` (or written by
  /// `tools/record_hf_masks.py`). The header comes from the npz's `header_json` (if any) with
  /// `architecture` replacing its model (the result is then version 2) and `zeroDefinition`
  /// replacing its zero definition. Masks per stack come from `<stack>_packed_masks`,
  /// `<stack>_masks` (0/1) or `<stack>_activations` (floats, made masks by the zero definition).
  /// Missing context lengths are derived (encoder: tokens + prefix; decoder: causal, continuing
  /// the sequence's earlier decoder records); missing cross lengths are the sequence's encoder
  /// tokens. Every malformed array gives one `NpzError` naming it; memory is one record.
  @discardableResult
  public static func importTrace(
    npzPath: String, to tracePath: String, architecture: ModelArchitecture? = nil,
    zeroDefinition: ZeroDefinition? = nil, provenance: [String: String] = [:]
  ) throws -> Summary {
    let npz = try NpzReader(path: npzPath)
    func fail(_ array: String?, _ reason: String) -> NpzError {
      NpzError(path: npzPath, array: array, reason: reason)
    }
    let header = try importedHeader(
      npz, architecture: architecture, zeroDefinition: zeroDefinition, provenance: provenance)
    var records = try RecordArrays(npz, header: header)
    var masks: [StackRole: MaskSource] = [:]
    var values: [StackRole: NpyArrayStream] = [:]
    for stack in stacks(header) {
      let total = records.stackTokens[stack.role] ?? 0
      masks[stack.role] = try MaskSource(
        npz, role: stack.role, tokens: total, layers: stack.layers, units: stack.units,
        zeroDefinition: header.zeroDefinition,
        firstGlobalLayer: header.architecture?.firstGlobalLayer(of: stack.role) ?? 0)
      if header.storesValues {
        let array = try npz.array(TraceNpz.values(stack.role))
        try array.require(kinds: "i", "int8 values")
        try array.require(shape: [nil])
        guard array.header.itemSize == 1 else {
          throw array.fail("dtype \(array.header.descr), expected |i1")
        }
        values[stack.role] = array
      } else if npz.has(TraceNpz.values(stack.role)) {
        throw fail(TraceNpz.values(stack.role), "present, but the header has storesValues = false")
      }
    }
    let writer = try TraceWriter(path: tracePath, header: header)
    var tokens = 0
    for index in 0..<records.count {
      let phase = records.phases[index]
      let role = role(of: phase)
      guard let source = masks[role] else {
        throw fail(TraceNpz.recordPhase, "record \(index): no \(role) stack")
      }
      let recordMasks = try source.next(tokens: records.tokens[index])
      var recordValues: [[Int8]]? = nil
      if let stream = values[role] {
        recordValues = try valuesFromNumPyOrder(stream, masks: recordMasks)
      }
      let (contexts, cross) = try records.contexts(of: index, header: header)
      let record =
        header.architecture == nil
        ? TraceRecord(
          sequenceIndex: records.sequences[index], masks: recordMasks, values: recordValues)
        : TraceRecord(
          sequenceIndex: records.sequences[index], phase: phase, contextLengths: contexts,
          crossAttentionLength: cross, masks: recordMasks, values: recordValues)
      do { try writer.append(record) } catch {
        throw fail(nil, "record \(index) does not fit the header: \(error)")
      }
      tokens += records.tokens[index]
    }
    for source in masks.values { try source.stream?.finish() }
    for stream in values.values { try stream.finish() }
    try records.finish()
    try writer.finish()
    return Summary(records: records.count, tokens: tokens, bytes: writer.byteCount)
  }

  /// The header: `header_json` when present, the architecture and zero definition replaced.
  static func importedHeader(
    _ npz: NpzReader, architecture: ModelArchitecture?, zeroDefinition: ZeroDefinition?,
    provenance: [String: String]
  ) throws -> TraceHeader {
    var base: TraceHeader?
    if npz.has(TraceNpz.headerJSON) {
      let array = try npz.array(TraceNpz.headerJSON)
      try array.require(kinds: "u", "uint8 UTF-8 JSON bytes")
      try array.require(shape: [nil])
      guard array.header.itemSize == 1, array.shape[0] <= TraceLimits.jsonFileBytes else {
        throw array.fail("expected at most \(TraceLimits.jsonFileBytes) uint8 bytes")
      }
      let bytes = try array.readBytes(array.shape[0])
      try array.finish()
      do {
        let tree = try StrictJSON.parse(bytes)
        base = try TraceHeader(json: JSONFields(path: "", value: tree))
      } catch let error as JSONSyntaxError {
        throw array.fail("\(error)")
      } catch let problem as TraceHeaderProblem {
        throw array.fail("key '\(problem.key)': \(problem.reason)")
      }
    }
    var header: TraceHeader
    if let architecture {
      let b = base ?? TraceHeader(architecture: architecture)
      header = TraceHeader(
        architecture: architecture, peft: b.peft, deft: b.deft, task: b.task,
        zeroDefinition: b.zeroDefinition, storesValues: b.storesValues, seed: b.seed,
        toolVersion: b.toolVersion, provenance: b.provenance)
      if base?.architecture == nil, case .quantized = b.zeroDefinition,
        b.model.layers == architecture.totalLayers
      {
        header.zeroDefinition = b.zeroDefinition
      }
    } else if let base {
      header = base
    } else {
      throw NpzError(
        path: npz.path, array: TraceNpz.headerJSON,
        reason: "missing, and no architecture was given (pass --arch ARCH.json)")
    }
    if let zeroDefinition { header.zeroDefinition = zeroDefinition }
    header.provenance.merge(provenance) { _, new in new }
    if let problem = header.validationProblems.first {
      throw NpzError(
        path: npz.path, array: TraceNpz.headerJSON,
        reason: "the resulting header is invalid at key '\(problem.key)': \(problem.reason)")
    }
    return header
  }

  /// Values in `[token, layer, unit]` order back to the trace's per-layer lists.
  static func valuesFromNumPyOrder(_ stream: NpyArrayStream, masks: [ActivationMask]) throws
    -> [[Int8]]
  {
    var perLayer = [[Int8]](repeating: [], count: masks.count)
    let tokens = masks.first?.tokenCount ?? 0
    for t in 0..<tokens {
      for (layer, mask) in masks.enumerated() {
        let row = mask.words[t * mask.wordsPerToken..<(t + 1) * mask.wordsPerToken]
        let count = row.reduce(0) { $0 + $1.nonzeroBitCount }
        guard count <= stream.remainingElements else {
          throw stream.fail("fewer values than non-zero mask bits")
        }
        perLayer[layer] += try stream.readBytes(count).map { Int8(bitPattern: $0) }
      }
    }
    return perLayer
  }
}
