/// The ChatML chat template of SmolLM2 for one user turn with a generation prompt, as
/// `apply_chat_template(add_generation_prompt=True)` renders it: the default system turn the
/// template inserts when the conversation does not start with one, the user turn, then
/// `<|im_start|>assistant\n`.
public struct ChatTemplate: Sendable, Equatable {
  /// The system message the template adds (empty when the template adds none).
  public let defaultSystem: String?

  public init(defaultSystem: String?) { self.defaultSystem = defaultSystem }

  /// Reads the default system message from a ChatML Jinja template such as SmolLM2's
  /// (`'<|im_start|>system\n…<|im_end|>\n'` inside `{% if loop.first … %}`).
  public init(jinja: String) {
    let marker = "'<|im_start|>system\n"
    if let start = jinja.range(of: marker),
      let end = jinja[start.upperBound...].range(of: "<|im_end|>")
    {
      defaultSystem = String(jinja[start.upperBound..<end.lowerBound])
    } else {
      defaultSystem = nil
    }
  }

  /// The prompt text for one user message.
  public func render(user: String) -> String {
    var text = ""
    if let defaultSystem { text += "<|im_start|>system\n\(defaultSystem)<|im_end|>\n" }
    text += "<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n"
    return text
  }
}
