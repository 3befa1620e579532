import Foundation

/// Text normalisation and pre-tokenisation of Hugging Face's `BertNormalizer` and
/// `BertPreTokenizer` (the Rust `tokenizers` crate) for uncased vocabularies.
public enum BertNormalizer {
  /// Clean text, space out CJK characters, strip accents (NFD, drop Mn) and lower-case.
  public static func normalize(_ text: String, lowercase: Bool = true) -> String {
    var cleaned = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      if s.value == 0 || s.value == 0xFFFD || isControl(s) { continue }
      if isWhitespace(s) {
        cleaned.append(" ")
      } else if isChinese(s) {
        cleaned.append(" ")
        cleaned.append(s)
        cleaned.append(" ")
      } else {
        cleaned.append(s)
      }
    }
    guard lowercase else { return String(cleaned) }
    let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
    var stripped = String.UnicodeScalarView()
    for s in decomposed.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
      stripped.append(s)
    }
    return String(stripped).lowercased()
  }

  /// Splits normalised text on whitespace and isolates every punctuation character.
  public static func preTokenize(_ text: String) -> [String] {
    var words: [String] = []
    var current = String.UnicodeScalarView()
    func flush() {
      if !current.isEmpty {
        words.append(String(current))
        current = String.UnicodeScalarView()
      }
    }
    for s in text.unicodeScalars {
      if isWhitespace(s) {
        flush()
      } else if isPunctuation(s) {
        flush()
        words.append(String(s))
      } else {
        current.append(s)
      }
    }
    flush()
    return words
  }

  static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
    s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
  }

  static func isControl(_ s: Unicode.Scalar) -> Bool {
    if s == "\t" || s == "\n" || s == "\r" { return false }
    switch s.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned: return true
    default: return false
    }
  }

  static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v)
      || (123...126).contains(v)
    {
      return true
    }
    switch s.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation,
      .initialPunctuation, .otherPunctuation, .openPunctuation:
      return true
    default: return false
    }
  }

  static func isChinese(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
      0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default: return false
    }
  }
}
