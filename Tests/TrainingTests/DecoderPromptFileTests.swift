import Foundation
import Model
import Testing
import Training

/// RUN/prompt.safetensors: written and read back exactly; a file whose soft prompt has the wrong
/// width or more vectors than `DecoderSoftPrompt.countLimit` is an error naming the file and the
/// tensor, before any vector is used.
@Suite struct DecoderPromptFileTests {
  static func path() -> String {
    NSTemporaryDirectory() + "deft-sim-prompt-\(UUID().uuidString).safetensors"
  }

  @Test func roundTrip() throws {
    let prompt = DecoderSoftPrompt(
      vectors: (0..<12).map { Float($0) / 7 }, hidden: 4, initialTokens: [5, 9, 300])
    let path = Self.path()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try DecoderPromptFile.write(prompt, to: path)
    #expect(try DecoderPromptFile.read(path: path, hidden: 4) == prompt)
  }

  @Test(arguments: [(rows: 3, hidden: 4, readAs: 8), (rows: 257, hidden: 2, readAs: 2)])
  func badShapeIsAnError(rows: Int, hidden: Int, readAs: Int) throws {
    let prompt = DecoderSoftPrompt(
      vectors: [Float](repeating: 0.5, count: rows * hidden), hidden: hidden)
    let path = Self.path()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try DecoderPromptFile.write(prompt, to: path)
    do {
      _ = try DecoderPromptFile.read(path: path, hidden: readAs)
      Issue.record("\(rows) × \(hidden) read as width \(readAs) was accepted")
    } catch {
      let text = "\(error)"
      #expect(text.contains(path) && text.contains("soft_prompt"), "\(text)")
      #expect(text.contains("count in 1...256"), "\(text)")
    }
  }
}
