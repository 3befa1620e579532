import FuzzSupport
import Model

/// `vocab.txt` bytes, a 0x00 byte, then text: the vocabulary parser, the tokenizer built on it
/// (special tokens), and WordPiece tokenisation and encoding of the text (alone and as a pair).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVocabulary(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let (vocabularyBytes, textBytes) = FuzzInput.split(FuzzInput.bytes(start, count))
  guard let vocabulary = try? Vocabulary(bytes: vocabularyBytes, path: "vocab.txt"),
    let tokenizer = try? WordPieceTokenizer(vocabulary: vocabulary),
    let text = try? UTF8Validation.decode(textBytes, context: "text")
  else { return 0 }
  _ = tokenizer.tokenize(text)
  _ = tokenizer.encode(text, maxLength: 16)
  let words = text.split(separator: " ", maxSplits: 1).map(String.init)
  _ = tokenizer.encode(words.first ?? "", words.last, maxLength: 12)
  return 0
}
