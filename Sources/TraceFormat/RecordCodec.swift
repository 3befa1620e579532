/// Serialises a `TraceRecord` to the uncompressed payload of a record frame and back
/// (docs/trace-format.md, "Record payload").
enum RecordCodec {
  /// Checks `record` against the header; throws `invalidRecord` naming the first problem.
  static func validate(
    _ record: TraceRecord, shape: RecordShape, path: String, index: Int
  ) throws(TraceError) {
    func fail(_ field: String, _ reason: String) -> TraceError {
      .invalidRecord(path: path, section: .record(index), field: field, reason: reason)
    }
    if let (field, reason) = shape.problem(phase: record.phase, tokens: record.tokenCount) {
      throw fail(field, reason)
    }
    if let (field, reason) = shape.contextProblem(
      phase: record.phase, tokens: record.tokenCount, contexts: record.contextLengths,
      cross: record.crossAttentionLength)
    {
      throw fail(field, reason)
    }
    let stack = shape.stacks[record.phase] ?? RecordShape.Stack(layers: 0, units: 0)
    guard record.masks.count == stack.layers else {
      throw fail("layers", "expected \(stack.layers) masks, found \(record.masks.count)")
    }
    let lastMask = MaskCodec.lastWordMask(units: stack.units)
    for (layer, mask) in record.masks.enumerated() {
      guard mask.units == stack.units else {
        throw fail("layer \(layer) units", "expected \(stack.units), found \(mask.units)")
      }
      guard mask.tokenCount == record.tokenCount else {
        throw fail(
          "layer \(layer) tokenCount", "expected \(record.tokenCount), found \(mask.tokenCount)")
      }
      if lastMask != ~0 {
        let perToken = mask.wordsPerToken
        for token in 0..<mask.tokenCount
        where mask.words[token * perToken + perToken - 1] & ~lastMask != 0 {
          throw fail(
            "layer \(layer) padding", "token \(token) has bits set past unit \(stack.units - 1)")
        }
      }
    }
    switch (shape.storesValues, record.values) {
    case (false, nil): break
    case (false, .some):
      throw fail("values", "the header has storesValues = false but the record carries values")
    case (true, nil):
      throw fail("values", "the header has storesValues = true but the record has no values")
    case (true, .some(let values)):
      guard values.count == stack.layers else {
        throw fail("values", "expected \(stack.layers) value arrays, found \(values.count)")
      }
      for (layer, layerValues) in values.enumerated() {
        let expected = record.masks[layer].nonZeroCount
        guard layerValues.count == expected else {
          throw fail(
            "layer \(layer) values",
            "expected one value per non-zero (\(expected)), found \(layerValues.count)")
        }
      }
    }
  }

  /// Replaces `payload` with the serialised (validated) record and `layerStarts` with the payload
  /// offset of each layer's section; returns whether any layer used a gap encoding (so
  /// `wordsOnly` would give a different payload).
  @discardableResult
  static func encode(
    _ record: TraceRecord, shape: RecordShape, strategy: MaskEncodingStrategy,
    into payload: inout [UInt8], layerStarts: inout [Int]
  ) -> Bool {
    var usedGaps = false
    layerStarts.removeAll(keepingCapacity: true)
    payload.removeAll(keepingCapacity: true)
    payload.appendLittleEndian(UInt64(bitPattern: Int64(record.sequenceIndex)))
    payload.appendLittleEndian(UInt32(record.tokenCount))
    payload.appendLittleEndian(UInt32(record.masks.count))
    payload.appendLittleEndian(UInt32(record.masks.first?.units ?? 0))
    payload.appendLittleEndian(record.values == nil ? 0 : TraceLayout.flagValues)
    if shape.formatVersion >= 2 {
      payload.appendLittleEndian(record.phase.rawValue)
      payload.appendLittleEndian(UInt32(record.crossAttentionLength))
      for context in record.contextLengths { payload.appendLittleEndian(UInt32(context)) }
    }
    for mask in record.masks {
      let encoding = MaskEncoding.choose(
        nonZeroCount: mask.nonZeroCount, elementCount: mask.tokenCount * mask.units,
        strategy: strategy)
      usedGaps = usedGaps || encoding == .setBitGaps || encoding == .clearBitGaps
      layerStarts.append(payload.count)
      payload.appendLittleEndian(encoding.rawValue)
      let countOffset = payload.count
      payload.appendLittleEndian(UInt32(0))
      MaskCodec.encode(mask, as: encoding, into: &payload)
      payload.storeLittleEndian(UInt32(payload.count - countOffset - 4), at: countOffset)
    }
    if let values = record.values {
      for layerValues in values {
        payload.appendLittleEndian(UInt32(layerValues.count))
        layerValues.withUnsafeBytes { payload.append(contentsOf: $0) }
      }
    }
    return usedGaps
  }

  /// Parses a payload; every length is checked against the bytes present and the header.
  static func decode(
    _ payload: UnsafeRawBufferPointer, shape: RecordShape, path: String, index: Int,
    byteOffset: Int
  ) throws(TraceError) -> TraceRecord {
    func mismatch(_ field: String, _ expected: Int, _ found: Int) -> TraceError {
      .sizeMismatch(
        path: path, section: .record(index), byteOffset: byteOffset, field: field,
        expected: expected, found: found)
    }
    func bad(_ field: String, _ reason: String) -> TraceError {
      .badRecord(
        path: path, section: .record(index), byteOffset: byteOffset, field: field, reason: reason)
    }
    let fixedBytes = shape.payloadHeaderBytes(tokens: 0)
    guard payload.count >= fixedBytes else {
      throw mismatch("payload length (at least)", fixedBytes, payload.count)
    }
    let sequenceIndex = Int(Int64(bitPattern: payload.loadLittleEndianUInt64(at: 0)))
    let tokenCount = Int(payload.loadLittleEndianUInt32(at: 8))
    let layers = Int(payload.loadLittleEndianUInt32(at: 12))
    let units = Int(payload.loadLittleEndianUInt32(at: 16))
    let flags = payload.loadLittleEndianUInt32(at: 20)
    var phase = TracePhase.encoder
    var cross = 0
    if shape.formatVersion >= 2 {
      let rawPhase = payload.loadLittleEndianUInt32(at: 24)
      guard let decoded = TracePhase(rawValue: rawPhase) else {
        throw bad("phase", "expected 0 (encoder), 1 (prefill) or 2 (decode), found \(rawPhase)")
      }
      phase = decoded
      cross = Int(payload.loadLittleEndianUInt32(at: 28))
    }
    // Checked before anything is allocated: phase, token count and the decoded mask size.
    if let (field, reason) = shape.problem(phase: phase, tokens: tokenCount) {
      throw bad(field, reason)
    }
    let stack = shape.stacks[phase] ?? RecordShape.Stack(layers: 0, units: 0)
    guard layers == stack.layers else { throw mismatch("layer count", stack.layers, layers) }
    guard units == stack.units else {
      throw mismatch("units (intermediate of the \(phase) stack)", stack.units, units)
    }
    guard flags & ~TraceLayout.flagValues == 0 else {
      throw .limitExceeded(
        path: path, section: .record(index), byteOffset: byteOffset, field: "payload flags",
        limit: Int(TraceLayout.flagValues), found: Int(flags))
    }
    let hasValues = flags & TraceLayout.flagValues != 0
    guard hasValues == shape.storesValues else {
      throw mismatch(
        "values flag (header storesValues)", shape.storesValues ? 1 : 0, hasValues ? 1 : 0)
    }
    var cursor = fixedBytes
    var contexts: [Int] = []
    if shape.formatVersion >= 2 {
      guard payload.count - cursor >= 4 * tokenCount else {
        throw mismatch("context length bytes (available)", 4 * tokenCount, payload.count - cursor)
      }
      contexts = (0..<tokenCount).map { Int(payload.loadLittleEndianUInt32(at: cursor + 4 * $0)) }
      cursor += 4 * tokenCount
    }
    if let (field, reason) = shape.contextProblem(
      phase: phase, tokens: tokenCount, contexts: contexts, cross: cross)
    {
      throw bad(field, reason)
    }

    func section(_ field: String) throws(TraceError) -> (UInt32, UnsafeRawBufferPointer) {
      guard payload.count - cursor >= 8 else {
        throw mismatch("\(field) header bytes", 8, payload.count - cursor)
      }
      let tag = payload.loadLittleEndianUInt32(at: cursor)
      let count = Int(payload.loadLittleEndianUInt32(at: cursor + 4))
      cursor += 8
      guard payload.count - cursor >= count else {
        throw mismatch("\(field) byte count (available)", count, payload.count - cursor)
      }
      let bytes = UnsafeRawBufferPointer(rebasing: payload[cursor..<cursor + count])
      cursor += count
      return (tag, bytes)
    }

    var masks: [ActivationMask] = []
    masks.reserveCapacity(layers)
    for layer in 0..<layers {
      let (tag, bytes) = try section("layer \(layer) mask")
      guard let encoding = MaskEncoding(rawValue: tag) else {
        throw .limitExceeded(
          path: path, section: .record(index), byteOffset: byteOffset,
          field: "layer \(layer) mask encoding", limit: MaskEncoding.allCases.count - 1,
          found: Int(tag))
      }
      switch MaskCodec.decode(bytes, as: encoding, tokenCount: tokenCount, units: units) {
      case .success(let mask): masks.append(mask)
      case .failure(.byteCount(let expected, let found)):
        throw mismatch("layer \(layer) mask byte count", expected, found)
      case .failure(.bitPosition(let elementCount, let found)):
        throw mismatch("layer \(layer) mask bit position (element count)", elementCount, found)
      }
    }
    var values: [[Int8]]? = nil
    if hasValues {
      var all: [[Int8]] = []
      all.reserveCapacity(layers)
      for layer in 0..<layers {
        guard payload.count - cursor >= 4 else {
          throw mismatch("layer \(layer) value count bytes", 4, payload.count - cursor)
        }
        let count = Int(payload.loadLittleEndianUInt32(at: cursor))
        cursor += 4
        let expected = masks[layer].nonZeroCount
        guard count == expected else {
          throw mismatch("layer \(layer) value count (non-zeros)", expected, count)
        }
        guard payload.count - cursor >= count else {
          throw mismatch("layer \(layer) value bytes (available)", count, payload.count - cursor)
        }
        let start = cursor
        cursor += count
        all.append(
          [Int8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let base = buffer.baseAddress, let source = payload.baseAddress {
              UnsafeMutableRawPointer(base).copyMemory(from: source + start, byteCount: count)
            }
            initialized = count
          })
      }
      values = all
    }
    guard cursor == payload.count else { throw mismatch("payload length", cursor, payload.count) }
    guard layers > 0 else {
      throw bad("layer count", "a record needs at least one layer")
    }
    return TraceRecord(
      sequenceIndex: sequenceIndex, phase: phase, contextLengths: contexts,
      crossAttentionLength: cross, masks: masks, values: values)
  }
}
