/// A WordPiece tokenizer identical to Hugging Face's `BertTokenizerFast` for uncased BERT
/// vocabularies: normalise, pre-tokenise, greedy longest-match WordPiece with `##`
/// continuations, `[UNK]` for words that cannot be split or exceed 100 characters.
public struct WordPieceTokenizer: Sendable {
  public let vocabulary: Vocabulary
  public let lowercase: Bool
  public let maxCharactersPerWord: Int
  public let clsId: Int32
  public let sepId: Int32
  public let padId: Int32
  public let unkId: Int32

  public init(vocabulary: Vocabulary, lowercase: Bool = true, maxCharactersPerWord: Int = 100)
    throws(ModelError)
  {
    func special(_ t: String) throws(ModelError) -> Int32 {
      guard let id = vocabulary.id(t) else {
        throw .vocabulary(
          path: vocabulary.source, line: 0,
          problem: "special token \(t) is missing (expected a line holding exactly '\(t)')")
      }
      return id
    }
    self.vocabulary = vocabulary
    self.lowercase = lowercase
    self.maxCharactersPerWord = maxCharactersPerWord
    self.clsId = try special("[CLS]")
    self.sepId = try special("[SEP]")
    self.padId = try special("[PAD]")
    self.unkId = try special("[UNK]")
  }

  /// Token ids of `text` without special tokens.
  public func tokenize(_ text: String) -> [Int32] {
    var ids: [Int32] = []
    for word in BertNormalizer.preTokenize(BertNormalizer.normalize(text, lowercase: lowercase)) {
      appendWordPieces(of: word, to: &ids)
    }
    return ids
  }

  /// Greedy longest-match-first WordPiece of one pre-tokenised word.
  public func appendWordPieces(of word: String, to ids: inout [Int32]) {
    for piece in wordPieces(of: word) { ids.append(piece.id) }
  }

  /// The pieces of one pre-tokenised word with the number of the word's Unicode scalars each
  /// covers (the `##` prefix not counted); a word that cannot be split or is longer than
  /// `maxCharactersPerWord` is one `[UNK]` covering the whole word.
  public func wordPieces(of word: String) -> [(id: Int32, scalarCount: Int)] {
    let scalars = Array(word.unicodeScalars)
    guard scalars.count <= maxCharactersPerWord else { return [(unkId, scalars.count)] }
    var pieces: [(id: Int32, scalarCount: Int)] = []
    var start = 0
    while start < scalars.count {
      var end = scalars.count
      var found: Int32?
      while start < end {
        var piece = String(String.UnicodeScalarView(scalars[start..<end]))
        if start > 0 { piece = "##" + piece }
        if let id = vocabulary.id(piece) {
          found = id
          break
        }
        end -= 1
      }
      guard let id = found else { return [(unkId, scalars.count)] }
      pieces.append((id, end - start))
      start = end
    }
    return pieces
  }

  /// `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`, truncated to `maxLength` tokens (longest first
  /// for pairs, as `tokenizers`' `LongestFirst` strategy).
  public func encode(_ textA: String, _ textB: String? = nil, maxLength: Int? = nil) -> Encoding {
    encode(ids: tokenize(textA), textB.map(tokenize), maxLength: maxLength)
  }

  /// Adds special tokens and type ids to already tokenised sequences.
  public func encode(ids a: [Int32], _ b: [Int32]?, maxLength: Int? = nil) -> Encoding {
    var a = a
    var b = b
    if let maxLength {
      let specials = b == nil ? 2 : 3
      let budget = max(0, maxLength - specials)
      if var second = b {
        Self.truncateLongestFirst(&a, &second, budget: budget)
        b = second
      } else if a.count > budget {
        a.removeLast(a.count - budget)
      }
    }
    var ids = [clsId] + a + [sepId]
    var types = [Int32](repeating: 0, count: ids.count)
    if let b {
      ids += b + [sepId]
      types += [Int32](repeating: 1, count: b.count + 1)
    }
    return Encoding(
      inputIds: ids, tokenTypeIds: types, tokens: ids.map { vocabulary.tokens[Int($0)] })
  }

  /// The shorter sequence keeps its length when it can; otherwise both get half the budget, the
  /// longer one taking the odd token.
  static func truncateLongestFirst(_ a: inout [Int32], _ b: inout [Int32], budget: Int) {
    guard a.count + b.count > budget else { return }
    let swap = a.count > b.count
    var n1 = swap ? b.count : a.count
    var n2: Int
    if n1 > budget { n2 = n1 } else { n2 = max(n1, budget - n1) }
    if n1 + n2 > budget {
      n1 = budget / 2
      n2 = n1 + budget % 2
    }
    let (keepA, keepB) = swap ? (n2, n1) : (n1, n2)
    if a.count > keepA { a.removeLast(a.count - keepA) }
    if b.count > keepB { b.removeLast(b.count - keepB) }
  }
}
