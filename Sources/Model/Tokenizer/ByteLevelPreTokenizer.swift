/// The pre-tokenizer of SmolLM2's byte-level BPE as Hugging Face's `tokenizers` builds it: every
/// numeric character on its own (`Digits(individual_digits=true)`), then GPT-2's split pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, implemented on
/// Unicode scalars without a regex engine.
public enum ByteLevelPreTokenizer {
  enum Kind { case letter, number, space, other }

  static func kind(_ scalar: Unicode.Scalar) -> Kind {
    let properties = scalar.properties
    if properties.isWhitespace { return .space }
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return .letter
    case .decimalNumber, .letterNumber, .otherNumber:
      return .number
    default:
      return .other
    }
  }

  /// The pieces of `text`, in order; their concatenation is `text`.
  public static func split(_ text: String) -> [String] {
    let scalars = Array(text.unicodeScalars)
    let kinds = scalars.map(kind)
    var pieces: [String] = []
    var i = 0
    func emit(_ range: Range<Int>) {
      var s = String.UnicodeScalarView()
      s.append(contentsOf: scalars[range])
      pieces.append(String(s))
    }
    let n = scalars.count
    while i < n {
      let c = scalars[i]
      // Numbers are isolated one character at a time before the GPT-2 pattern runs.
      if kinds[i] == .number {
        emit(i..<(i + 1))
        i += 1
        continue
      }
      if c == "'", let length = contraction(scalars, at: i) {
        emit(i..<(i + length))
        i += length
        continue
      }
      let hasSpacePrefix = c == " " && i + 1 < n
      let start = i
      let head = hasSpacePrefix && kinds[i + 1] != .space ? i + 1 : i
      switch kinds[head] {
      case .letter:
        var j = head + 1
        while j < n, kinds[j] == .letter { j += 1 }
        emit(start..<j)
        i = j
      case .number:
        // ` ?\p{N}+` after a space: the number itself is isolated by the digit split, so the
        // space stands alone.
        emit(start..<head)
        i = head
      case .other:
        var j = head + 1
        while j < n, kinds[j] == .other { j += 1 }
        emit(start..<j)
        i = j
      case .space:
        var j = i + 1
        while j < n, kinds[j] == .space { j += 1 }
        if j == n || kinds[j] == .number || j - i == 1 {
          // `\s+(?!\S)` to the end of the segment (numbers end one), or a single whitespace
          // before a non-space (`\s+`).
          emit(i..<j)
          i = j
        } else {
          // `\s+(?!\S)` backs off one character, which then prefixes the next piece.
          emit(i..<(j - 1))
          i = j - 1
        }
      }
    }
    return pieces
  }

  private static func contraction(_ scalars: [Unicode.Scalar], at i: Int) -> Int? {
    let rest = scalars[(i + 1)...].prefix(2)
    let two = String(String.UnicodeScalarView(rest))
    if two == "re" || two == "ve" || two == "ll" { return 3 }
    if let first = rest.first, "stmd".unicodeScalars.contains(first) { return 2 }
    return nil
  }
}
