import Foundation

/// SQuAD as generation for a chat decoder: the user turn holds the context and the question;
/// the answer is the greedy continuation up to `<|im_end|>`, cut at its first line.
public enum DecoderSQuADPrompt {
  /// The user message for one example.
  public static func userMessage(context: String, question: String) -> String {
    "\(context)\n\nQuestion: \(question)\nAnswer with a short phrase copied from the text above."
  }

  /// The answer text of a generation: its first non-empty line, trimmed.
  public static func answer(fromGenerated text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline)
    let first = lines.first { !$0.allSatisfy(\.isWhitespace) } ?? ""
    return String(first).trimmingCharacters(in: .whitespaces)
  }
}
