/// The part of a trace file an error refers to.
public enum TraceSection: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// Magic, version, header length, JSON header and its checksum.
  case header
  /// The record frame with this 0-based index.
  case record(Int)
  /// The end marker that closes the file.
  case endMarker

  public var description: String {
    switch self {
    case .header: return "header"
    case .record(let index): return "record \(index)"
    case .endMarker: return "end marker"
    }
  }
}

/// Everything that can be wrong with a trace file, or with writing one. Each message names the file,
/// the section (header, record index, end marker) and byte offset where relevant, what was expected
/// and what was found, and a hint.
public enum TraceError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The first 8 bytes are not the trace magic.
  case wrongMagic(path: String, found: [UInt8])
  /// The binary format version is not one this build reads (usually a newer file).
  case unsupportedVersion(path: String, found: Int, newestSupported: Int)
  /// The file ends before a section is complete (`availableBytes` of `expectedBytes` were there).
  case truncated(
    path: String, section: TraceSection, byteOffset: Int, expectedBytes: Int, availableBytes: Int)
  /// A record's zstd frame passed its checksum but libzstd rejected it.
  case corruptZstd(path: String, section: TraceSection, byteOffset: Int, reason: String)
  /// A length, count or dimension disagrees with what the header or the frame declares.
  case sizeMismatch(
    path: String, section: TraceSection, byteOffset: Int, field: String, expected: Int, found: Int)
  /// A length field exceeds the format's sanity limit.
  case limitExceeded(
    path: String, section: TraceSection, byteOffset: Int, field: String, limit: Int, found: Int)
  /// The CRC-32 stored for a section differs from the one computed over its bytes.
  case checksumMismatch(
    path: String, section: TraceSection, byteOffset: Int, expected: UInt32, found: UInt32)
  /// A frame starts with neither the record tag nor the end-marker tag.
  case unexpectedFrameTag(path: String, section: TraceSection, byteOffset: Int, found: [UInt8])
  /// A record's fields are consistent in size but hold a value the format or the header does
  /// not allow (a phase the architecture lacks, a token count or context length out of range).
  case badRecord(
    path: String, section: TraceSection, byteOffset: Int, field: String, reason: String)
  /// The JSON header does not decode or holds an invalid value at `key`.
  case badHeader(path: String, key: String, reason: String)
  /// A record handed to the writer does not match the header.
  case invalidRecord(path: String, section: TraceSection, field: String, reason: String)
  /// An operating-system call failed.
  case io(path: String, operation: String, reason: String)

  public var description: String {
    switch self {
    case .wrongMagic(let path, let found):
      return
        "\(path): not a deft-sim trace: expected magic \(hex(TraceLayout.magic)) at byte 0, "
        + "found \(hex(found)). Hint: pass a file written by `deft-sim trace synth` or by "
        + "training with trace recording."
    case .unsupportedVersion(let path, let found, let newest):
      let hint =
        found > newest
        ? "the file was written by a newer deft-sim; upgrade to read it"
        : "the version field is damaged or the file is not a deft-sim trace"
      return
        "\(path): unsupported trace format version at byte 8: expected 1...\(newest), "
        + "found \(found). Hint: \(hint)."
    case .truncated(let path, let section, let offset, let expected, let available):
      return
        "\(path): truncated \(section) at byte \(offset): expected \(expected) more bytes, "
        + "found \(available). Hint: the writer did not finish (crash, full disk) or the copy "
        + "is incomplete; re-record or re-copy the trace."
    case .corruptZstd(let path, let section, let offset, let reason):
      return
        "\(path): corrupt zstd data in \(section) at byte \(offset): \(reason). Hint: the "
        + "checksum matched, so the writer produced bad data; re-record the trace."
    case .sizeMismatch(let path, let section, let offset, let field, let expected, let found):
      return
        "\(path): \(field) mismatch in \(section) at byte \(offset): expected \(expected), "
        + "found \(found). Hint: the file is damaged or was not written by this format version."
    case .limitExceeded(let path, let section, let offset, let field, let limit, let found):
      return
        "\(path): \(field) in \(section) at byte \(offset) is \(found), above the limit "
        + "\(limit). Hint: the length field is damaged."
    case .checksumMismatch(let path, let section, let offset, let expected, let found):
      return
        "\(path): checksum mismatch in \(section) at byte \(offset): stored CRC-32 "
        + "\(hex32(expected)), computed \(hex32(found)). Hint: the file was corrupted on disk "
        + "or in transfer; re-copy or re-record it."
    case .unexpectedFrameTag(let path, let section, let offset, let found):
      return
        "\(path): unexpected frame tag in \(section) at byte \(offset): expected "
        + "\(hex(TraceLayout.recordTag)) (record) or \(hex(TraceLayout.endTag)) (end marker), "
        + "found \(hex(found)). Hint: the file is damaged or has data appended."
    case .badRecord(let path, let section, let offset, let field, let reason):
      return
        "\(path): bad \(field) in \(section) at byte \(offset): \(reason). Hint: the checksums "
        + "matched, so the writer produced this value; see docs/trace-format.md, \"Limits\"."
    case .badHeader(let path, let key, let reason):
      return
        "\(path): bad trace header at key '\(key)': \(reason). Hint: the header JSON must "
        + "match the TraceHeader schema of docs/trace-format.md."
    case .invalidRecord(let path, let section, let field, let reason):
      return
        "\(path): \(section) does not match the header (\(field)): \(reason). Hint: build "
        + "records with one mask per header layer, each of header.model.intermediate units."
    case .io(let path, let operation, let reason):
      return
        "\(path): \(operation) failed: \(reason). Hint: check the path, permissions and "
        + "free disk space."
    }
  }
}

private func hex(_ bytes: [UInt8]) -> String {
  bytes.map { byte in
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
  }.joined(separator: " ")
}

private func hex32(_ value: UInt32) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
