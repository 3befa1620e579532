import Foundation

/// Finds a decoder GGUF: `--model smollm2` (or no name) means the SmolLM2 file fetched by
/// `make model` into `.cache/smollm2` of the checkout, searched upwards from the current
/// directory and from the executable as `ModelLocator` does; any other value is a path to a
/// `.gguf` file or a Hugging Face Llama directory (`LlamaModel.load`).
public enum DecoderLocator {
  public static let smolLM2Name = "smollm2"
  public static let smolLM2RelativePath = ".cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

  /// Whether `--model VALUE` names a decoder (`smollm2`, a `.gguf` path or a Hugging Face
  /// Llama directory).
  public static func isDecoder(_ value: String?) -> Bool {
    guard let value else { return false }
    return value == smolLM2Name || value.hasSuffix(".gguf")
      || LlamaDirectory.isLlamaDirectory(value)
  }

  public static func resolve(
    _ value: String?, currentDirectory: String = FileManager.default.currentDirectoryPath,
    executablePath: String = CommandLine.arguments.first ?? ""
  ) throws(GGUFError) -> String {
    if let value, value != smolLM2Name { return value }
    var searched: [String] = []
    let executableDir = URL(fileURLWithPath: executablePath).deletingLastPathComponent().path
    for start in [currentDirectory, executableDir] {
      var dir = URL(fileURLWithPath: start).standardizedFileURL
      for _ in 0..<8 {
        let candidate = dir.appendingPathComponent(smolLM2RelativePath).path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
        if !searched.contains(candidate) { searched.append(candidate) }
        let parent = dir.deletingLastPathComponent()
        if parent.path == dir.path { break }
        dir = parent
      }
    }
    throw .fileUnreadable(
      path: searched.first ?? smolLM2RelativePath,
      reason: "SmolLM2 not found (looked in \(searched.prefix(3).joined(separator: ", "))). "
        + "Hint: run `make model`, or pass --model PATH.gguf")
  }
}
