import Foundation
import TraceFormat

/// Builds trace files byte by byte from the documented layout (docs/trace-format.md), without the
/// library's writer, so tests can hand the reader well-sealed files holding any values at all.
enum TraceCrafting {
  /// A zstd frame holding `payload` in raw blocks (no compression), content size declared.
  static func zstdRawFrame(_ payload: [UInt8]) -> [UInt8] {
    var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]  // magic; single segment, 8-byte size
    for i in 0..<8 { frame.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * i))) }
    var offset = 0
    repeat {
      let size = min(payload.count - offset, 1 << 17)
      let last = offset + size == payload.count ? 1 : 0
      let blockHeader = UInt32(last) | UInt32(size) << 3
      frame += [
        UInt8(blockHeader & 0xFF), UInt8(blockHeader >> 8 & 0xFF), UInt8(blockHeader >> 16),
      ]
      frame += payload[offset..<offset + size]
      offset += size
    } while offset < payload.count
    return frame
  }

  /// A complete trace: preamble with `version`, `headerJSON`, one sealed frame per payload and
  /// the end marker.
  static func file(version: UInt32, headerJSON: String, payloads: [[UInt8]]) -> [UInt8] {
    var bytes: [UInt8] = [0x89, 0x44, 0x54, 0x52, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0]
    storeLE32(version, into: &bytes, at: 8)
    storeLE32(UInt32(headerJSON.utf8.count), into: &bytes, at: 12)
    bytes += Array(headerJSON.utf8) + [0, 0, 0, 0]
    resealHeader(&bytes)
    for (index, payload) in payloads.enumerated() {
      let compressed = zstdRawFrame(payload)
      let start = bytes.count
      bytes += Array("RCRD".utf8) + [UInt8](repeating: 0, count: 16) + compressed
      storeLE32(UInt32(index), into: &bytes, at: start + 4)
      storeLE32(UInt32(compressed.count), into: &bytes, at: start + 8)
      storeLE32(UInt32(payload.count), into: &bytes, at: start + 12)
      resealFrame(&bytes, at: start)
    }
    let end = bytes.count
    bytes += Array("TEND".utf8) + [UInt8](repeating: 0, count: 12)
    storeLE64(UInt64(payloads.count), into: &bytes, at: end + 4)
    resealEndMarker(&bytes, at: end)
    return bytes
  }

  /// The header's JSON as the writer encodes it (sorted keys).
  static func json(_ header: TraceHeader) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(header)) ?? Data(), as: UTF8.self)
  }

  /// A record payload: the fixed fields, then (version 2) phase, cross length and contexts, then
  /// `layers` sections of `encoding` with `maskBytes` each.
  static func payload(
    sequence: Int64 = 0, tokens: UInt32, layers: UInt32, units: UInt32, flags: UInt32 = 0,
    v2: (phase: UInt32, cross: UInt32, contexts: [UInt32])? = nil, encoding: UInt32 = 2,
    maskBytes: [UInt8] = [], sectionCount: Int? = nil
  ) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 24)
    storeLE64(UInt64(bitPattern: sequence), into: &bytes, at: 0)
    storeLE32(tokens, into: &bytes, at: 8)
    storeLE32(layers, into: &bytes, at: 12)
    storeLE32(units, into: &bytes, at: 16)
    storeLE32(flags, into: &bytes, at: 20)
    if let v2 {
      var extra = [UInt8](repeating: 0, count: 8 + 4 * v2.contexts.count)
      storeLE32(v2.phase, into: &extra, at: 0)
      storeLE32(v2.cross, into: &extra, at: 4)
      for (i, context) in v2.contexts.enumerated() {
        storeLE32(context, into: &extra, at: 8 + 4 * i)
      }
      bytes += extra
    }
    for _ in 0..<(sectionCount ?? Int(layers)) {
      var section = [UInt8](repeating: 0, count: 8)
      storeLE32(encoding, into: &section, at: 0)
      storeLE32(UInt32(maskBytes.count), into: &section, at: 4)
      bytes += section + maskBytes
    }
    return bytes
  }
}

/// Small architectures for tests: an encoder, a Llama-style decoder (GQA, gated SiLU) and a
/// T5-style encoder–decoder.
enum TestArchitectures {
  static let encoder = ModelArchitecture(
    name: "tiny-bert",
    stacks: [
      StackArchitecture(
        role: .encoder, layers: 2, hidden: 32, heads: 4, kvHeads: 4, headDim: 8, intermediate: 100,
        mlp: .plain(activation: "gelu"))
    ], vocabSize: 1000, tiedEmbeddings: true)
  static let decoder = ModelArchitecture(
    name: "tiny-llama",
    stacks: [
      StackArchitecture(
        role: .decoder, layers: 3, hidden: 48, heads: 6, kvHeads: 2, headDim: 8, intermediate: 130,
        mlp: .gated(activation: "silu", masks: .gate))
    ], vocabSize: 500, tiedEmbeddings: true)
  static let encoderDecoder = ModelArchitecture(
    name: "tiny-t5",
    stacks: [
      StackArchitecture(
        role: .encoder, layers: 2, hidden: 32, heads: 4, kvHeads: 4, headDim: 6, intermediate: 70,
        mlp: .gated(activation: "gelu-tanh", masks: .gate)),
      StackArchitecture(
        role: .decoder, layers: 3, hidden: 32, heads: 4, kvHeads: 4, headDim: 6, intermediate: 70,
        mlp: .gated(activation: "gelu-tanh", masks: .product)),
    ], vocabSize: 300, tiedEmbeddings: false)
}
