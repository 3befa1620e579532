import Foundation

extension WordPieceTokenizer {
  /// Token ids of `text` without special tokens (identical to `tokenize`), each with the range
  /// of Unicode scalars of the original `text` it came from, as Hugging Face `tokenizers`
  /// reports `offsets` for `BertTokenizerFast`.
  ///
  /// Normalisation is applied one original scalar at a time, so every normalised scalar knows
  /// its source: dropped (NUL, U+FFFD, control/format) scalars vanish, whitespace splits, CJK
  /// ideographs become words of their own, NFD + removal of non-spacing marks + lower-casing
  /// may turn one source scalar into several (all mapped to it). A token spans from its first
  /// normalised scalar's source to its last one's source + 1.
  public func tokenizeWithOffsets(_ text: String) -> TokenizedText {
    var output = TokenizedText(ids: [], scalarOffsets: [])
    var word = SourcedWord()
    var normalized: [Unicode.Scalar] = []
    for (index, scalar) in text.unicodeScalars.enumerated() {
      if scalar.value == 0 || scalar.value == 0xFFFD || BertNormalizer.isControl(scalar) {
        continue
      }
      if BertNormalizer.isWhitespace(scalar) {
        appendPieces(of: &word, to: &output)
        continue
      }
      let isolated = BertNormalizer.isChinese(scalar)
      if isolated { appendPieces(of: &word, to: &output) }
      normalized.removeAll(keepingCapacity: true)
      normalize(scalar, into: &normalized)
      for n in normalized {
        if BertNormalizer.isWhitespace(n) {
          appendPieces(of: &word, to: &output)
        } else if BertNormalizer.isPunctuation(n) {
          appendPieces(of: &word, to: &output)
          word.append(n, source: index)
          appendPieces(of: &word, to: &output)
        } else {
          word.append(n, source: index)
        }
      }
      if isolated { appendPieces(of: &word, to: &output) }
    }
    appendPieces(of: &word, to: &output)
    return output
  }

  /// The normalised scalars of one original scalar: NFD, non-spacing marks dropped, full
  /// lower-case mapping (uncased vocabularies), as `BertNormalizer.normalize` does to a string.
  private func normalize(_ scalar: Unicode.Scalar, into output: inout [Unicode.Scalar]) {
    guard lowercase else {
      output.append(scalar)
      return
    }
    if scalar.isASCII {
      let v = scalar.value
      output.append((65...90).contains(v) ? Unicode.Scalar(UInt8(v + 32)) : scalar)
      return
    }
    for d in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
    where d.properties.generalCategory != .nonspacingMark {
      output.append(contentsOf: d.properties.lowercaseMapping.unicodeScalars)
    }
  }

  /// WordPiece of the pending word, appended with offsets; empties the word.
  private func appendPieces(of word: inout SourcedWord, to output: inout TokenizedText) {
    guard !word.sources.isEmpty else { return }
    var position = 0
    for piece in wordPieces(of: String(word.scalars)) {
      let last = position + piece.scalarCount - 1
      output.ids.append(piece.id)
      output.scalarOffsets.append(word.sources[position]..<word.sources[last] + 1)
      position += piece.scalarCount
    }
    word.removeAll()
  }
}

/// A pre-token being built: its normalised scalars and, per scalar, the index of the original
/// scalar it came from.
private struct SourcedWord {
  var scalars = String.UnicodeScalarView()
  var sources: [Int] = []

  mutating func append(_ scalar: Unicode.Scalar, source: Int) {
    scalars.append(scalar)
    sources.append(source)
  }

  mutating func removeAll() {
    scalars = String.UnicodeScalarView()
    sources.removeAll(keepingCapacity: true)
  }
}
