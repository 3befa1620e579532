import Model

/// SST-2 as label-word classification on a chat decoder: the review goes into one user turn
/// through the chat template (with the generation prompt), and the prediction is the label word
/// whose first token has the higher logit at the prompt's last position.
public enum DecoderSST2Prompt {
  /// The label words, by class index (GLUE SST-2: 0 negative, 1 positive).
  public static let labelWords = ["negative", "positive"]

  /// The user message for one review.
  public static func userMessage(sentence: String) -> String {
    "Review: \(sentence)\nIs the sentiment of this review positive or negative? "
      + "Answer with one word."
  }

  /// The prompt token ids of one review (chat template, generation prompt).
  public static func prompt(_ model: LlamaModel, sentence: String) -> [Int32] {
    model.encode(userMessage(sentence: sentence), chat: true)
  }

  /// The token id scored for each label word: its only token (SmolLM2: `negative` 17728,
  /// `positive` 16185, one token each, as the assistant turn's first word), else its first.
  public static func labelTokens(_ model: LlamaModel) throws(DecoderTaskError) -> [Int32] {
    var out: [Int32] = []
    for word in labelWords {
      guard let first = model.tokenizer.encode(word).first else {
        throw .labelWord(word: word, problem: "encodes to no token")
      }
      out.append(first)
    }
    guard Set(out).count == out.count else {
      throw .labelWord(
        word: labelWords.joined(separator: "/"),
        problem: "the label words share their first token \(out[0]); they cannot be told apart")
    }
    return out
  }

  /// The predicted class: the label whose token has the highest logit (ties: the lower class).
  public static func predict(logits: [Float], labelTokens: [Int32]) -> Int {
    var best = 0
    for (c, token) in labelTokens.enumerated()
    where logits[Int(token)] > logits[Int(labelTokens[best])] {
      best = c
    }
    return best
  }
}
