/// Byte-level constants of the trace file layout (docs/trace-format.md). All integers are
/// little-endian.
enum TraceLayout {
  /// `89 44 54 52 0D 0A 1A 0A`: a high byte (catches 7-bit transfers), "DTR", CR LF (catches
  /// line-ending conversion), Ctrl-Z, LF — the PNG trick.
  static let magic: [UInt8] = [0x89, 0x44, 0x54, 0x52, 0x0D, 0x0A, 0x1A, 0x0A]
  /// "RCRD": starts a record frame.
  static let recordTag: [UInt8] = [0x52, 0x43, 0x52, 0x44]
  /// "TEND": starts the end marker.
  static let endTag: [UInt8] = [0x54, 0x45, 0x4E, 0x44]

  /// Magic (8), format version (u32), JSON header length (u32).
  static let preambleBytes = 16
  /// Tag (4), record index (u32), compressed length (u32), payload length (u32), CRC-32 (u32).
  static let frameHeaderBytes = 20
  /// The part of the frame header the CRC covers together with the compressed bytes.
  static let frameChecksummedBytes = 16
  /// Tag (4), record count (u64), CRC-32 (u32).
  static let endMarkerBytes = 16
  /// Sequence index (i64), token count, layer count, units, flags (u32 each).
  static let payloadHeaderBytes = 24
  /// Version 2 adds the phase and the cross-attention length (u32 each), then one u32 context
  /// length per token.
  static let payloadHeaderBytesV2 = 32
  /// Encoding (u32) and byte count (u32) before each layer's mask bytes.
  static let layerHeaderBytes = 8

  /// Sanity limits: a damaged length field must not make a reader allocate without bound.
  static let maxHeaderJSONBytes = 16 << 20
  static let maxPayloadBytes = 1 << 30

  /// Payload flag: per-layer quantised values follow the masks.
  static let flagValues: UInt32 = 1
}

extension Array where Element == UInt8 {
  mutating func appendLittleEndian(_ value: UInt32) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }

  mutating func appendLittleEndian(_ value: UInt64) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }

  /// Overwrites 4 bytes at `offset` (which must exist).
  mutating func storeLittleEndian(_ value: UInt32, at offset: Int) {
    withUnsafeMutableBytes {
      $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
  }
}

extension UnsafeRawBufferPointer {
  func loadLittleEndianUInt32(at offset: Int) -> UInt32 {
    UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  func loadLittleEndianUInt64(at offset: Int) -> UInt64 {
    UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
}
