import Foundation

extension ByteLevelBPETokenizer {
  /// The tokenizer of a Hugging Face `tokenizer.json` (model `BPE`, byte-level): `model.vocab`,
  /// `model.merges` (`"a b"` strings or `["a", "b"]` pairs), `added_tokens` (special ones are
  /// matched verbatim first, as GGUF's control tokens). BOS/EOS from `tokenizer_config.json`'s
  /// `bos_token`/`eos_token`, else config.json's `bos_token_id`/`eos_token_id`. The
  /// pre-tokenizer is SmolLM2's (digits alone, then GPT-2's pattern) whatever the file says.
  init(
    tokenizerJSON json: [String: Any], path: String, tokenizerConfig: [String: Any],
    configJSON: [String: Any], vocabularySize: Int
  ) throws(LlamaDirectoryError) {
    guard let model = json["model"] as? [String: Any] else {
      throw .tokenizer(path: path, key: "model", problem: "missing or not an object")
    }
    let type = model["type"] as? String ?? "(none)"
    guard type == "BPE" else {
      throw .tokenizer(path: path, key: "model.type", problem: "is '\(type)', expected 'BPE'")
    }
    guard let vocab = model["vocab"] as? [String: Any] else {
      throw .tokenizer(path: path, key: "model.vocab", problem: "missing or not an object")
    }
    var tokens = [String](repeating: "", count: vocabularySize)
    var types = [Int](repeating: 1, count: vocabularySize)
    func place(_ token: String, _ id: Any?, key: String, type: Int) throws(LlamaDirectoryError) {
      guard let id = (id as? NSNumber)?.intValue, id >= 0, id < vocabularySize else {
        throw .tokenizer(
          path: path, key: key,
          problem: "token '\(token)' has id \(String(describing: id)), expected 0..<"
            + "\(vocabularySize) (config.json vocab_size)")
      }
      tokens[id] = token
      types[id] = type
    }
    for (token, id) in vocab { try place(token, id, key: "model.vocab", type: 1) }
    for entry in json["added_tokens"] as? [[String: Any]] ?? [] {
      guard let content = entry["content"] as? String else {
        throw .tokenizer(path: path, key: "added_tokens", problem: "an entry has no content")
      }
      let special = entry["special"] as? Bool ?? false
      try place(content, entry["id"], key: "added_tokens", type: special ? 3 : 4)
    }
    var merges: [String] = []
    for merge in model["merges"] as? [Any] ?? [] {
      if let text = merge as? String {
        merges.append(text)
      } else if let pair = merge as? [String], pair.count == 2 {
        merges.append(pair[0] + " " + pair[1])
      } else {
        throw .tokenizer(
          path: path, key: "model.merges",
          problem: "entry \(merges.count) is neither \"a b\" nor [\"a\", \"b\"]")
      }
    }
    var ids: [String: Int] = [:]
    for (i, token) in tokens.enumerated() where !token.isEmpty && ids[token] == nil {
      ids[token] = i
    }
    func special(_ name: String) throws(LlamaDirectoryError) -> Int32 {
      let value = tokenizerConfig[name]
      let text = value as? String ?? (value as? [String: Any])?["content"] as? String
      if let text {
        guard let id = ids[text] else {
          throw .tokenizer(
            path: path, key: name, problem: "'\(text)' (tokenizer_config.json) is not a token")
        }
        return Int32(id)
      }
      let fromConfig = configJSON[name + "_id"]
      let id = (fromConfig as? NSNumber)?.intValue ?? (fromConfig as? [NSNumber])?.first?.intValue
      guard let id, id >= 0, id < vocabularySize else { return 0 }
      return Int32(id)
    }
    self.init(
      tokens: tokens, merges: merges, tokenTypes: types, bosTokenId: try special("bos_token"),
      eosTokenId: try special("eos_token"))
  }
}
