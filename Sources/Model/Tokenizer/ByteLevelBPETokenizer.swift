/// GPT-2-style byte-level BPE, built from a GGUF file's `tokenizer.ggml.*` metadata as Hugging
/// Face builds it for SmolLM2: control tokens matched verbatim first, then
/// `ByteLevelPreTokenizer`, the bytes of every piece mapped to GPT-2's printable characters, and
/// merges applied by rank. No BOS token is added (`tokenizer.ggml.add_bos_token` is false).
public struct ByteLevelBPETokenizer: Sendable {
  public let tokens: [String]
  public let bosTokenId: Int32
  public let eosTokenId: Int32
  let ids: [String: Int32]
  let mergeRanks: [String: Int]
  /// Control and user-defined tokens, longest first.
  let specialTokens: [(text: String, id: Int32)]
  let byteToCharacter: [Character]
  let characterToByte: [Character: UInt8]

  public var vocabularySize: Int { tokens.count }

  public init(
    tokens: [String], merges: [String], tokenTypes: [Int], bosTokenId: Int32, eosTokenId: Int32
  ) {
    self.tokens = tokens
    self.bosTokenId = bosTokenId
    self.eosTokenId = eosTokenId
    var ids: [String: Int32] = [:]
    ids.reserveCapacity(tokens.count)
    for (i, token) in tokens.enumerated() where ids[token] == nil { ids[token] = Int32(i) }
    self.ids = ids
    var ranks: [String: Int] = [:]
    ranks.reserveCapacity(merges.count)
    for (rank, merge) in merges.enumerated() where ranks[merge] == nil { ranks[merge] = rank }
    self.mergeRanks = ranks
    var special: [(String, Int32)] = []
    for (i, type) in tokenTypes.enumerated() where (type == 3 || type == 4) && i < tokens.count {
      if !tokens[i].isEmpty { special.append((tokens[i], Int32(i))) }
    }
    self.specialTokens = special.sorted { $0.0.utf8.count > $1.0.utf8.count }
    let table = Self.bytesToUnicode()
    self.byteToCharacter = table
    var reverse: [Character: UInt8] = [:]
    for (byte, character) in table.enumerated() { reverse[character] = UInt8(byte) }
    self.characterToByte = reverse
  }

  /// GPT-2's reversible map from bytes to printable characters.
  static func bytesToUnicode() -> [Character] {
    var printable = Array(33...126) + Array(161...172) + Array(174...255)
    var codes = printable
    var extra = 0
    for byte in 0..<256 where !printable.contains(byte) {
      printable.append(byte)
      codes.append(256 + extra)
      extra += 1
    }
    var table = [Character](repeating: " ", count: 256)
    for (byte, code) in zip(printable, codes) {
      table[byte] = Character(Unicode.Scalar(UInt16(code)).unsafelyUnwrapped)
    }
    return table
  }

  /// Token ids of `text`; control tokens written in the text (such as `<|im_start|>`) become
  /// their ids.
  public func encode(_ text: String) -> [Int32] {
    var out: [Int32] = []
    var rest = Substring(text)
    while !rest.isEmpty {
      var earliest: (range: Range<Substring.Index>, id: Int32)? = nil
      for (special, id) in specialTokens {
        if let range = rest.range(of: special),
          range.lowerBound < (earliest?.range.lowerBound ?? rest.endIndex)
        {
          earliest = (range, id)
        }
      }
      guard let found = earliest else {
        encodePlain(String(rest), into: &out)
        break
      }
      encodePlain(String(rest[..<found.range.lowerBound]), into: &out)
      out.append(found.id)
      rest = rest[found.range.upperBound...]
    }
    return out
  }

  func encodePlain(_ text: String, into out: inout [Int32]) {
    guard !text.isEmpty else { return }
    for piece in ByteLevelPreTokenizer.split(text) {
      let symbols = piece.utf8.map { String(byteToCharacter[Int($0)]) }
      for symbol in merge(symbols) { out.append(ids[symbol] ?? 0) }
    }
  }

  /// Applies merges by rank until none applies.
  func merge(_ start: [String]) -> [String] {
    var symbols = start
    while symbols.count > 1 {
      var best: (rank: Int, index: Int)? = nil
      for i in 0..<(symbols.count - 1) {
        if let rank = mergeRanks[symbols[i] + " " + symbols[i + 1]],
          rank < (best?.rank ?? Int.max)
        {
          best = (rank, i)
        }
      }
      guard let best else { break }
      let left = symbols[best.index]
      let right = symbols[best.index + 1]
      var merged: [String] = []
      merged.reserveCapacity(symbols.count)
      var i = 0
      while i < symbols.count {
        if i + 1 < symbols.count, symbols[i] == left, symbols[i + 1] == right {
          merged.append(left + right)
          i += 2
        } else {
          merged.append(symbols[i])
          i += 1
        }
      }
      symbols = merged
    }
    return symbols
  }

  /// The text of `ids` (control tokens written as their text; invalid UTF-8 replaced).
  public func decode(_ ids: [Int32]) -> String {
    var bytes: [UInt8] = []
    for id in ids where id >= 0 && Int(id) < tokens.count {
      let token = tokens[Int(id)]
      if specialTokens.contains(where: { $0.id == id }) {
        bytes.append(contentsOf: token.utf8)
        continue
      }
      for character in token {
        if let byte = characterToByte[character] {
          bytes.append(byte)
        } else {
          bytes.append(contentsOf: String(character).utf8)
        }
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The token texts of `ids` as stored in the vocabulary (`Ġ` for a leading space).
  public func tokenTexts(_ ids: [Int32]) -> [String] {
    ids.map { Int($0) < tokens.count && $0 >= 0 ? tokens[Int($0)] : "<?>" }
  }
}
