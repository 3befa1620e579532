/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the one of zlib, PNG and gzip), computed
/// table-driven with slicing-by-8. `zlib.crc32` in Python gives the same values.
public struct CRC32: Sendable {
  /// The running checksum value of everything fed so far.
  public private(set) var value: UInt32 = 0

  public init() {}

  /// The checksum of `bytes`.
  public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }

  /// The checksum of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0) }
  }

  /// Feeds `bytes` into the running checksum.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    var crc = ~value
    var index = 0
    let count = bytes.count
    CRC32Table.shared.words.withUnsafeBufferPointer { table in
      while count - index >= 8 {
        let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self))
        let high = UInt32(
          littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
        let x = crc ^ low
        crc =
          table[7 * 256 + Int(x & 0xFF)] ^ table[6 * 256 + Int((x >> 8) & 0xFF)]
          ^ table[5 * 256 + Int((x >> 16) & 0xFF)] ^ table[4 * 256 + Int(x >> 24)]
          ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
          ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
        index += 8
      }
      while index < count {
        let byte = base.load(fromByteOffset: index, as: UInt8.self)
        crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        index += 1
      }
    }
    value = ~crc
  }
}

/// The eight 256-entry tables of slicing-by-8, built once (immutable after initialisation).
private struct CRC32Table: Sendable {
  static let shared = CRC32Table()

  let words: [UInt32]

  private init() {
    var table = [UInt32](repeating: 0, count: 8 * 256)
    for byte in 0..<256 {
      var crc = UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
      table[byte] = crc
    }
    for slice in 1..<8 {
      for byte in 0..<256 {
        let previous = table[(slice - 1) * 256 + byte]
        table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
      }
    }
    words = table
  }
}
