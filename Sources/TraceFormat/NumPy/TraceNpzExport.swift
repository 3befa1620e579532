import Foundation

/// The NumPy interchange layout of a trace (docs/trace-format.md, "NumPy interchange"): per-record
/// arrays, the context lengths of every token, and per stack a `[tokens, layers, bytes]` array of
/// the masks packed little-endian along the units (`np.packbits(m, axis=-1, bitorder='little')`).
public enum TraceNpz {
  public static let headerJSON = "header_json"
  public static let recordSequence = "record_sequence"
  public static let recordPhase = "record_phase"
  public static let recordTokens = "record_tokens"
  public static let recordCrossLength = "record_cross_length"
  public static let contextLengths = "context_lengths"

  public static func packedMasks(_ role: StackRole) -> String { "\(role.rawValue)_packed_masks" }
  public static func masks(_ role: StackRole) -> String { "\(role.rawValue)_masks" }
  public static func activations(_ role: StackRole) -> String { "\(role.rawValue)_activations" }
  public static func values(_ role: StackRole) -> String { "\(role.rawValue)_values" }

  /// The stack whose layers a record of `phase` holds (version 1: always the encoder).
  static func role(of phase: TracePhase) -> StackRole { phase == .encoder ? .encoder : .decoder }

  /// The stacks of a header with their layers and units.
  static func stacks(_ header: TraceHeader) -> [(role: StackRole, layers: Int, units: Int)] {
    if let architecture = header.architecture {
      return architecture.stacks.map { ($0.role, $0.layers, $0.intermediate) }
    }
    return [(.encoder, header.model.layers, header.model.intermediate)]
  }

  /// What an export or import wrote.
  public struct Summary: Sendable, Equatable {
    public var records: Int
    public var tokens: Int
    public var bytes: Int
  }

  /// Writes the trace at `tracePath` as an `.npz` (deflated members when `compressed`). Memory:
  /// one record, plus 8 bytes per record and per token for the small arrays. The trace is read
  /// once per stack (and once more per stack for values), each pass verifying every checksum.
  @discardableResult
  public static func export(tracePath: String, to npzPath: String, compressed: Bool = false)
    throws -> Summary
  {
    let first = try TraceReader(path: tracePath)
    let header = first.header
    var sequences: [Int] = []
    var phases: [UInt8] = []
    var tokens: [Int] = []
    var crosses: [Int] = []
    var contexts: [Int] = []
    var stackTokens: [StackRole: Int] = [:]
    var stackValues: [StackRole: Int] = [:]
    while let record = try first.next() {
      sequences.append(record.sequenceIndex)
      phases.append(UInt8(record.phase.rawValue))
      tokens.append(record.tokenCount)
      crosses.append(record.crossAttentionLength)
      contexts += record.contextLengths
      stackTokens[role(of: record.phase), default: 0] += record.tokenCount
      stackValues[role(of: record.phase), default: 0] +=
        record.values?.reduce(0) { $0 + $1.count } ?? 0
    }
    let writer = try NpzWriter(path: npzPath, compressed: compressed)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try writer.put(headerJSON, kind: "u", size: 1, bytes: Array(try encoder.encode(header)))
    try writer.put(recordSequence, ints: sequences)
    try writer.put(recordPhase, kind: "u", size: 1, bytes: phases)
    try writer.put(recordTokens, ints: tokens)
    if header.architecture != nil {
      try writer.put(recordCrossLength, ints: crosses)
      try writer.put(contextLengths, ints: contexts)
    }
    for stack in stacks(header) {
      let rowBytes = (stack.units + 7) / 8
      try writer.beginArray(
        packedMasks(stack.role),
        header: NpyHeader(
          kind: "u", itemSize: 1,
          shape: [stackTokens[stack.role] ?? 0, stack.layers, rowBytes]))
      let reader = try TraceReader(path: tracePath)
      while let record = try reader.next() {
        guard role(of: record.phase) == stack.role else { continue }
        var bytes = [UInt8](repeating: 0, count: record.tokenCount * stack.layers * rowBytes)
        for (layer, mask) in record.masks.enumerated() {
          mask.words.withUnsafeBytes { words in
            for t in 0..<record.tokenCount {
              let source = t * mask.wordsPerToken * 8
              let target = (t * stack.layers + layer) * rowBytes
              for b in 0..<rowBytes { bytes[target + b] = words[source + b] }
            }
          }
        }
        try writer.write(bytes)
      }
      try writer.endArray()
      guard header.storesValues else { continue }
      try writer.beginArray(
        values(stack.role),
        header: NpyHeader(kind: "i", itemSize: 1, shape: [stackValues[stack.role] ?? 0]))
      let valueReader = try TraceReader(path: tracePath)
      while let record = try valueReader.next() {
        guard role(of: record.phase) == stack.role else { continue }
        try writer.write(valuesInNumPyOrder(record))
      }
      try writer.endArray()
    }
    try writer.finish()
    let bytes = (try? FileManager.default.attributesOfItem(atPath: npzPath)[.size] as? Int) ?? 0
    return Summary(records: sequences.count, tokens: tokens.reduce(0, +), bytes: bytes)
  }

  /// A record's values in NumPy's C order of `[token, layer, unit]` (the trace keeps them per
  /// layer, token-major).
  static func valuesInNumPyOrder(_ record: TraceRecord) -> [UInt8] {
    guard let values = record.values else { return [] }
    var cursors = [Int](repeating: 0, count: record.masks.count)
    var out: [UInt8] = []
    out.reserveCapacity(values.reduce(0) { $0 + $1.count })
    for t in 0..<record.tokenCount {
      for (layer, mask) in record.masks.enumerated() {
        let row = mask.words[t * mask.wordsPerToken..<(t + 1) * mask.wordsPerToken]
        let count = row.reduce(0) { $0 + $1.nonzeroBitCount }
        for v in values[layer][cursors[layer]..<cursors[layer] + count] {
          out.append(UInt8(bitPattern: v))
        }
        cursors[layer] += count
      }
    }
    return out
  }
}

extension NpzWriter {
  /// Writes a whole 1-D array.
  func put(_ name: String, kind: Character, size: Int, bytes: [UInt8]) throws(NpzError) {
    try beginArray(name, header: NpyHeader(kind: kind, itemSize: size, shape: [bytes.count / size]))
    try write(bytes)
    try endArray()
  }

  /// Writes a whole 1-D `<i8` array.
  func put(_ name: String, ints: [Int]) throws(NpzError) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(ints.count * 8)
    for value in ints { bytes.appendLittleEndian(UInt64(bitPattern: Int64(value))) }
    try put(name, kind: "i", size: 8, bytes: bytes)
  }
}
