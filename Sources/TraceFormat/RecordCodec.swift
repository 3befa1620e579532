/// What every record of a trace must match: taken from the header.
struct RecordShape: Sendable {
  let layers: Int
  let units: Int
  let storesValues: Bool

  init(header: TraceHeader) {
    layers = header.model.layers
    units = header.model.intermediate
    storesValues = header.storesValues
  }
}

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
    guard record.masks.count == shape.layers else {
      throw fail("layers", "expected \(shape.layers) masks, found \(record.masks.count)")
    }
    guard record.tokenCount >= 0 && record.tokenCount <= Int(UInt32.max) else {
      throw fail("tokenCount", "expected 0...\(UInt32.max), found \(record.tokenCount)")
    }
    let lastMask = MaskCodec.lastWordMask(units: shape.units)
    for (layer, mask) in record.masks.enumerated() {
      guard mask.units == shape.units else {
        throw fail("layer \(layer) units", "expected \(shape.units), found \(mask.units)")
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
            "layer \(layer) padding", "token \(token) has bits set past unit \(shape.units - 1)")
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
      guard values.count == shape.layers else {
        throw fail("values", "expected \(shape.layers) value arrays, found \(values.count)")
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

  /// Replaces `payload` with the serialised (validated) record.
  static func encode(_ record: TraceRecord, shape: RecordShape, into payload: inout [UInt8]) {
    payload.removeAll(keepingCapacity: true)
    payload.appendLittleEndian(UInt64(bitPattern: Int64(record.sequenceIndex)))
    payload.appendLittleEndian(UInt32(record.tokenCount))
    payload.appendLittleEndian(UInt32(shape.layers))
    payload.appendLittleEndian(UInt32(shape.units))
    payload.appendLittleEndian(record.values == nil ? 0 : TraceLayout.flagValues)
    for mask in record.masks {
      let encoding = MaskEncoding.choose(
        nonZeroCount: mask.nonZeroCount, elementCount: mask.tokenCount * mask.units)
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
    var cursor = TraceLayout.payloadHeaderBytes
    guard payload.count >= cursor else {
      throw mismatch("payload length (at least)", cursor, payload.count)
    }
    let sequenceIndex = Int(Int64(bitPattern: payload.loadLittleEndianUInt64(at: 0)))
    let tokenCount = Int(payload.loadLittleEndianUInt32(at: 8))
    let layers = Int(payload.loadLittleEndianUInt32(at: 12))
    let units = Int(payload.loadLittleEndianUInt32(at: 16))
    let flags = payload.loadLittleEndianUInt32(at: 20)
    guard layers == shape.layers else { throw mismatch("layer count", shape.layers, layers) }
    guard units == shape.units else {
      throw mismatch("units (model.intermediate)", shape.units, units)
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
          field: "layer \(layer) mask encoding", limit: 2, found: Int(tag))
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
    return TraceRecord(sequenceIndex: sequenceIndex, masks: masks, values: values)
  }
}
