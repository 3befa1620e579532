/// How one layer's mask is stored inside a record payload. The writer picks, per layer and
/// record, the encoding that lets zstd's byte-wise entropy coder get close to the binary entropy
/// of the mask (measurements in docs/trace-format.md).
enum MaskEncoding: UInt32, Sendable {
  /// The mask words verbatim: token-major, `ceil(units / 64)` little-endian 64-bit words per token.
  case rawWords = 0
  /// One byte per set bit: the number of clear bits before it since the previous set bit (in
  /// token-major element order `token * units + unit`); byte 255 means "255 clear bits, no set
  /// bit yet". Used for sparse masks.
  case setBitGaps = 1
  /// The same for the clear bits (of the complement). Used for dense masks.
  case clearBitGaps = 2

  /// Below this density (and above 1 minus it) gap coding beats raw words under zstd.
  static let gapDensityThreshold = 0.15

  static func choose(nonZeroCount: Int, elementCount: Int) -> MaskEncoding {
    guard elementCount > 0 else { return .rawWords }
    let density = Double(nonZeroCount) / Double(elementCount)
    if density < gapDensityThreshold { return .setBitGaps }
    if density > 1 - gapDensityThreshold { return .clearBitGaps }
    return .rawWords
  }
}

// T tokens, U units, W = ceil(U / 64) words per token.
enum MaskCodec {
  /// Bits of a token's last word that hold units (the rest are padding and always zero).
  static func lastWordMask(units: Int) -> UInt64 {
    units % 64 == 0 ? ~0 : (UInt64(1) << UInt64(units % 64)) - 1
  }

  /// Appends the encoded bytes of `mask` to `out`.
  static func encode(_ mask: ActivationMask, as encoding: MaskEncoding, into out: inout [UInt8]) {
    switch encoding {
    case .rawWords:
      #if _endian(big)
        for word in mask.words { out.appendLittleEndian(word) }
      #else
        mask.words.withUnsafeBytes { out.append(contentsOf: $0) }
      #endif
    case .setBitGaps, .clearBitGaps:
      encodeGaps(mask, invert: encoding == .clearBitGaps, into: &out)
    }
  }

  private static func encodeGaps(_ mask: ActivationMask, invert: Bool, into out: inout [UInt8]) {
    let units = mask.units
    let wordsPerToken = mask.wordsPerToken
    let lastMask = lastWordMask(units: units)
    var nextPosition = 0  // element position just after the last emitted bit
    mask.words.withUnsafeBufferPointer { words in
      for token in 0..<mask.tokenCount {
        let row = token * wordsPerToken
        for j in 0..<wordsPerToken {
          var word = words[row + j]
          if invert { word = ~word & (j == wordsPerToken - 1 ? lastMask : ~0) }
          while word != 0 {
            let position = token * units + j * 64 + word.trailingZeroBitCount
            var gap = position - nextPosition
            while gap >= 255 {
              out.append(255)
              gap -= 255
            }
            out.append(UInt8(truncatingIfNeeded: gap))
            nextPosition = position + 1
            word &= word &- 1
          }
        }
      }
    }
  }

  /// Decodes one layer's mask, or returns a description of what is malformed.
  static func decode(
    _ bytes: UnsafeRawBufferPointer, as encoding: MaskEncoding, tokenCount: Int, units: Int
  ) -> Result<ActivationMask, MaskDecodingFailure> {
    let wordsPerToken = (units + 63) / 64
    let wordCount = tokenCount * wordsPerToken
    let lastMask = lastWordMask(units: units)
    switch encoding {
    case .rawWords:
      guard bytes.count == wordCount * 8 else {
        return .failure(.byteCount(expected: wordCount * 8, found: bytes.count))
      }
      let words = [UInt64](unsafeUninitializedCapacity: wordCount) { buffer, initialized in
        for i in 0..<wordCount {
          buffer[i] = UInt64(
            littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
        }
        if lastMask != ~0 {
          // Writers keep padding bits zero; readers clear them so a mask is always canonical.
          for token in 0..<tokenCount {
            buffer[token * wordsPerToken + wordsPerToken - 1] &= lastMask
          }
        }
        initialized = wordCount
      }
      return .success(ActivationMask(tokenCount: tokenCount, units: units, words: words))
    case .setBitGaps, .clearBitGaps:
      let invert = encoding == .clearBitGaps
      var words = [UInt64](repeating: invert ? ~0 : 0, count: wordCount)
      let elementCount = tokenCount * units
      var position = 0
      let ok = words.withUnsafeMutableBufferPointer { buffer -> Bool in
        if invert && lastMask != ~0 {
          for token in 0..<tokenCount {
            buffer[token * wordsPerToken + wordsPerToken - 1] = lastMask
          }
        }
        for byte in bytes {
          if byte == 255 {
            position += 255
            continue
          }
          position += Int(byte)
          guard position < elementCount else { return false }
          let token = position / units
          let unit = position - token * units
          buffer[token * wordsPerToken + unit >> 6] ^= UInt64(1) << UInt64(unit & 63)
          position += 1
        }
        return position <= elementCount
      }
      guard ok else { return .failure(.bitPosition(elementCount: elementCount, found: position)) }
      return .success(ActivationMask(tokenCount: tokenCount, units: units, words: words))
    }
  }
}

/// What is wrong with an encoded mask.
enum MaskDecodingFailure: Error {
  case byteCount(expected: Int, found: Int)
  case bitPosition(elementCount: Int, found: Int)
}
