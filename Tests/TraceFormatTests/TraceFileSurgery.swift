import TraceFormat

/// Byte offsets of the sections of a trace file, found by walking the documented layout
/// independently of the library (docs/trace-format.md), so tests can damage precise fields and
/// re-seal checksums.
struct TraceFileMap {
  var headerJSONCount: Int
  /// Offset of each record frame.
  var frames: [Int]
  var endMarker: Int

  init(_ bytes: [UInt8]) {
    headerJSONCount = Int(le32(bytes, 12))
    var offset = 16 + headerJSONCount + 4
    frames = []
    while bytes[offset..<offset + 4].elementsEqual(Array("RCRD".utf8)) {
      frames.append(offset)
      offset += 20 + Int(le32(bytes, offset + 8))
    }
    endMarker = offset
  }

  func compressedCount(_ bytes: [UInt8], frame: Int) -> Int { Int(le32(bytes, frames[frame] + 8)) }
}

func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
  (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
}

func storeLE32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
  for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt32(8 * i)) }
}

func storeLE64(_ value: UInt64, into bytes: inout [UInt8], at offset: Int) {
  for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
}

/// Recomputes the header checksum after editing the header.
func resealHeader(_ bytes: inout [UInt8]) {
  let jsonCount = Int(le32(bytes, 12))
  storeLE32(CRC32.checksum(Array(bytes[0..<16 + jsonCount])), into: &bytes, at: 16 + jsonCount)
}

/// Recomputes a record frame's checksum after editing it.
func resealFrame(_ bytes: inout [UInt8], at offset: Int) {
  let compressed = Int(le32(bytes, offset + 8))
  var crc = CRC32()
  Array(bytes[offset..<offset + 16]).withUnsafeBytes { crc.update($0) }
  Array(bytes[offset + 20..<offset + 20 + compressed]).withUnsafeBytes { crc.update($0) }
  storeLE32(crc.value, into: &bytes, at: offset + 16)
}

/// Recomputes the end marker's checksum after editing it.
func resealEndMarker(_ bytes: inout [UInt8], at offset: Int) {
  storeLE32(CRC32.checksum(Array(bytes[offset..<offset + 12])), into: &bytes, at: offset + 12)
}

/// Replaces the JSON header with `json` and re-seals it.
func replacingHeaderJSON(_ bytes: [UInt8], with json: String) -> [UInt8] {
  let oldCount = Int(le32(bytes, 12))
  var result = Array(bytes[0..<16]) + Array(json.utf8) + [0, 0, 0, 0]
  storeLE32(UInt32(json.utf8.count), into: &result, at: 12)
  resealHeader(&result)
  return result + Array(bytes[(16 + oldCount + 4)...])
}
