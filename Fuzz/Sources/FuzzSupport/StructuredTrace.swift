import Foundation
import TraceFormat

/// The structure-aware trace input: the fuzzer mutates the header JSON and the uncompressed
/// record payloads, and this builds a trace file around them with every length, record index,
/// CRC-32 and the end marker right (docs/trace-format.md), so inputs reach the header validation
/// and the payload decoding instead of stopping at a checksum.
///
/// Input: `u16 H, H bytes of header JSON, (u16 N, N bytes of payload)*`, little-endian; a short
/// last part is taken as it is.
public enum StructuredTrace {
  static let magic: [UInt8] = [0x89, 0x44, 0x54, 0x52, 0x0D, 0x0A, 0x1A, 0x0A]
  static let recordTag: [UInt8] = [0x52, 0x43, 0x52, 0x44]
  static let endTag: [UInt8] = [0x54, 0x45, 0x4E, 0x44]

  /// The header JSON and payloads of an input.
  public static func parts(_ input: [UInt8]) -> (header: [UInt8], payloads: [[UInt8]]) {
    var offset = 0
    func chunk() -> [UInt8]? {
      guard offset < input.count else { return nil }
      guard offset + 2 <= input.count else {
        defer { offset = input.count }
        return Array(input[offset...])
      }
      let length = Int(input[offset]) | Int(input[offset + 1]) << 8
      let start = offset + 2
      let end = min(input.count, start + length)
      offset = end
      return Array(input[start..<end])
    }
    let header = chunk() ?? []
    var payloads: [[UInt8]] = []
    while let payload = chunk() { payloads.append(payload) }
    return (header, payloads)
  }

  /// The input of a header JSON and payloads (each at most 65,535 bytes).
  public static func input(header: [UInt8], payloads: [[UInt8]]) -> [UInt8] {
    var out: [UInt8] = []
    for part in [header] + payloads {
      precondition(part.count <= 0xFFFF, "part of \(part.count) bytes")
      out += [UInt8(part.count & 0xFF), UInt8(part.count >> 8)] + part
    }
    return out
  }

  /// A trace file holding `input`'s header and payloads with consistent framing.
  public static func file(_ input: [UInt8]) -> [UInt8] {
    let (header, payloads) = parts(input)
    var out = magic
    append32(&out, UInt32(version(ofHeader: header)))
    append32(&out, UInt32(header.count))
    out += header
    append32(&out, CRC32.checksum(out))
    for (index, payload) in payloads.enumerated() {
      let compressed = rawZstdFrame(payload)
      var frame = recordTag
      append32(&frame, UInt32(index))
      append32(&frame, UInt32(compressed.count))
      append32(&frame, UInt32(payload.count))
      var crc = CRC32()
      frame.withUnsafeBytes { crc.update($0) }
      compressed.withUnsafeBytes { crc.update($0) }
      append32(&frame, crc.value)
      out += frame + compressed
    }
    var end = endTag
    withUnsafeBytes(of: UInt64(payloads.count).littleEndian) { end.append(contentsOf: $0) }
    append32(&end, CRC32.checksum(end))
    return out + end
  }

  /// The header's `formatVersion` when it is a version this build reads (so version-1 and
  /// version-2 inputs both get past the version check), else the current one.
  static func version(ofHeader header: [UInt8]) -> Int {
    let json = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any]
    if let version = (json?["formatVersion"] as? NSNumber)?.intValue,
      TraceHeader.supportedFormatVersions.contains(version)
    {
      return version
    }
    return TraceHeader.currentFormatVersion
  }

  /// A zstd frame storing `payload` in raw (uncompressed) blocks, with its content size: valid
  /// zstd without a compressor, so the fuzzer's payload bytes reach the record decoder as given.
  static func rawZstdFrame(_ payload: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]  // magic 0xFD2FB528
    out.append(0xE0)  // 8-byte content size, single segment (no window descriptor)
    withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.append(contentsOf: $0) }
    let blockLimit = 128 << 10
    var start = 0
    repeat {
      let end = min(payload.count, start + blockLimit)
      let last: UInt32 = end == payload.count ? 1 : 0
      let header = last | UInt32(end - start) << 3  // block type 0: raw
      out += [UInt8(header & 0xFF), UInt8((header >> 8) & 0xFF), UInt8(header >> 16)]
      out += payload[start..<end]
      start = end
    } while start < payload.count
    return out
  }

  static func append32(_ out: inout [UInt8], _ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }
}
