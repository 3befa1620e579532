/// The per-record arrays of an npz being imported, checked against the header up front (so a
/// record that could not be held is rejected before its masks are read), and the context lengths
/// read or derived record by record.
struct RecordArrays {
  let path: String
  let sequences: [Int]
  let phases: [TracePhase]
  let tokens: [Int]
  let crosses: [Int]?
  let stackTokens: [StackRole: Int]
  private let contextStream: NpyArrayStream?
  private var cachedDecoderTokens: [Int: Int] = [:]
  private var encoderTokens: [Int: Int] = [:]

  var count: Int { sequences.count }

  init(_ npz: NpzReader, header: TraceHeader) throws {
    path = npz.path
    func load(_ name: String, required: Bool = true) throws -> [Int]? {
      guard required || npz.has(name) else { return nil }
      let array = try npz.array(name)
      try array.require(kinds: "iub", "an integer array")
      try array.require(shape: [nil])
      guard TraceLimits.npzRecords.contains(array.shape[0]) else {
        throw array.fail(
          "\(array.shape[0]) records, above the limit \(TraceLimits.npzRecords.upperBound)")
      }
      let values = try array.readInts(array.shape[0])
      try array.finish()
      return values
    }
    let sequences = try load(TraceNpz.recordSequence) ?? []
    let rawPhases = try load(TraceNpz.recordPhase) ?? []
    let tokens = try load(TraceNpz.recordTokens) ?? []
    let crosses = try load(TraceNpz.recordCrossLength, required: false)
    for (name, array) in [
      (TraceNpz.recordPhase, rawPhases), (TraceNpz.recordTokens, tokens),
      (TraceNpz.recordCrossLength, crosses ?? sequences),
    ] where array.count != sequences.count {
      throw NpzError(
        path: npz.path, array: name,
        reason: "\(array.count) entries, but \(TraceNpz.recordSequence) has \(sequences.count)")
    }
    let shape = RecordShape(header: header)
    var phases: [TracePhase] = []
    var stackTokens: [StackRole: Int] = [:]
    for (index, raw) in rawPhases.enumerated() {
      guard raw >= 0, raw <= 2, let phase = TracePhase(rawValue: UInt32(raw)) else {
        throw NpzError(
          path: npz.path, array: TraceNpz.recordPhase,
          reason: "record \(index): \(raw) (expected 0 encoder, 1 prefill, 2 decode)")
      }
      if let (field, reason) = shape.problem(phase: phase, tokens: tokens[index]) {
        throw NpzError(
          path: npz.path, array: field == "phase" ? TraceNpz.recordPhase : TraceNpz.recordTokens,
          reason: "record \(index): \(reason)")
      }
      phases.append(phase)
      stackTokens[TraceNpz.role(of: phase), default: 0] += tokens[index]
    }
    self.sequences = sequences
    self.phases = phases
    self.tokens = tokens
    self.crosses = crosses
    self.stackTokens = stackTokens
    if npz.has(TraceNpz.contextLengths) {
      let stream = try npz.array(TraceNpz.contextLengths)
      try stream.require(kinds: "iu", "an integer array")
      let total = tokens.reduce(0, +)
      try stream.require(shape: [total])
      contextStream = stream
    } else {
      contextStream = nil
    }
  }

  /// The context lengths and cross length of record `index` (records must be asked in order).
  mutating func contexts(of index: Int, header: TraceHeader) throws -> ([Int], Int) {
    let t = tokens[index]
    let phase = phases[index]
    let sequence = sequences[index]
    var implied: [Int]
    switch phase {
    case .encoder:
      implied = [Int](repeating: t + header.peft.prefixLength, count: t)
      encoderTokens[sequence] = t
    case .prefill, .decode:
      let cached = cachedDecoderTokens[sequence] ?? 0
      implied = (0..<t).map { cached + $0 + 1 }
      cachedDecoderTokens[sequence] = cached + t
    }
    if let stream = contextStream {
      let given = try stream.readInts(t)
      if header.architecture == nil, given != implied {
        throw stream.fail(
          "record \(index): context lengths \(given.prefix(4))… differ from a version-1 "
            + "encoder's (tokens + prefix); pass --arch to import them as version 2")
      }
      implied = given
    }
    let isDecoderOfEncoderDecoder =
      header.architecture?.isEncoderDecoder == true && phase != .encoder
    let cross =
      crosses?[index] ?? (isDecoderOfEncoderDecoder ? encoderTokens[sequence] ?? 0 : 0)
    return (header.architecture == nil ? [] : implied, cross)
  }

  func finish() throws { try contextStream?.finish() }
}

/// The masks of one stack, read token by token from `<stack>_packed_masks`, `<stack>_masks` or
/// `<stack>_activations` (`[tokens, layers, units or bytes]`).
final class MaskSource {
  let stream: NpyArrayStream?
  let layers: Int
  let units: Int
  let kind: Kind
  let zeroDefinition: ZeroDefinition
  let firstGlobalLayer: Int

  enum Kind { case packed, bits, activations }

  init(
    _ npz: NpzReader, role: StackRole, tokens: Int, layers: Int, units: Int,
    zeroDefinition: ZeroDefinition, firstGlobalLayer: Int
  ) throws {
    self.layers = layers
    self.units = units
    self.zeroDefinition = zeroDefinition
    self.firstGlobalLayer = firstGlobalLayer
    let candidates: [(String, Kind)] = [
      (TraceNpz.packedMasks(role), .packed), (TraceNpz.masks(role), .bits),
      (TraceNpz.activations(role), .activations),
    ]
    let present = candidates.filter { npz.has($0.0) }
    guard present.count <= 1 else {
      throw NpzError(
        path: npz.path, array: present[1].0,
        reason: "present together with \(present[0].0); give exactly one per stack")
    }
    guard let (name, kind) = present.first else {
      guard tokens == 0 else {
        throw NpzError(
          path: npz.path, array: TraceNpz.packedMasks(role),
          reason: "missing: the \(role.rawValue) records hold \(tokens) tokens; give one of "
            + candidates.map(\.0).joined(separator: ", "))
      }
      stream = nil
      kind = .packed
      return
    }
    let array = try npz.array(name)
    self.kind = kind
    switch kind {
    case .packed:
      try array.require(kinds: "u", "uint8 (bits packed little-endian)")
      guard array.header.itemSize == 1 else {
        throw array.fail("dtype \(array.header.descr), expected |u1")
      }
      try array.require(shape: [tokens, layers, (units + 7) / 8])
    case .bits:
      try array.require(kinds: "bu", "bool or uint8 0/1")
      guard array.header.itemSize == 1 else {
        throw array.fail("dtype \(array.header.descr), expected |b1 or |u1")
      }
      try array.require(shape: [tokens, layers, units])
    case .activations:
      try array.require(kinds: "f", "float16, float32 or float64 activations")
      try array.require(shape: [tokens, layers, units])
    }
    stream = array
  }

  /// The masks of the next record's `tokens` tokens, one per layer.
  func next(tokens: Int) throws -> [ActivationMask] {
    let wordsPerToken = (units + 63) / 64
    var words = [[UInt64]](
      repeating: [UInt64](repeating: 0, count: tokens * wordsPerToken), count: layers)
    if let stream, tokens > 0 {
      let rowBytes = (units + 7) / 8
      for t in 0..<tokens {
        for layer in 0..<layers {
          let base = t * wordsPerToken
          switch kind {
          case .packed:
            let bytes = try stream.readBytes(rowBytes)
            if units % 8 != 0, bytes[rowBytes - 1] >> UInt8(units % 8) != 0 {
              throw stream.fail("bits set past unit \(units - 1) (token row \(t), layer \(layer))")
            }
            for (b, byte) in bytes.enumerated() {
              words[layer][base + b / 8] |= UInt64(byte) << UInt64(8 * (b % 8))
            }
          case .bits:
            for (u, byte) in try stream.readBytes(units).enumerated() where byte != 0 {
              guard byte == 1 else { throw stream.fail("value \(byte) in a 0/1 mask") }
              words[layer][base + u / 64] |= UInt64(1) << UInt64(u % 64)
            }
          case .activations:
            let global = firstGlobalLayer + layer
            for (u, value) in try stream.readFloats(units).enumerated()
            where zeroDefinition.isNonZero(value, layer: global) {
              words[layer][base + u / 64] |= UInt64(1) << UInt64(u % 64)
            }
          }
        }
      }
    }
    return words.map { ActivationMask(tokenCount: tokens, units: units, words: $0) }
  }
}
