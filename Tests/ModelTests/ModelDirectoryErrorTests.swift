import Foundation
import Model
import Testing

/// Broken model directories give typed errors naming the file and the problem.
@Suite struct ModelDirectoryErrorTests {
  /// A copy of the real model's small files plus the given safetensors bytes.
  func directory(config: String? = nil, vocab: [UInt8]? = nil, weights: [UInt8]? = nil)
    throws -> URL
  {
    let src = URL(fileURLWithPath: try Fixtures.modelDirectory())
    let dir = try Fixtures.temporaryDirectory("model")
    let cfg =
      try config ?? String(contentsOf: src.appendingPathComponent("config.json"), encoding: .utf8)
    try cfg.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
    if let vocab {
      try Data(vocab).write(to: dir.appendingPathComponent("vocab.txt"))
    } else {
      try FileManager.default.copyItem(
        at: src.appendingPathComponent("vocab.txt"), to: dir.appendingPathComponent("vocab.txt"))
    }
    if let weights { try Data(weights).write(to: dir.appendingPathComponent("model.safetensors")) }
    return dir
  }

  @Test func missingVocabulary() throws {
    let dir = try Fixtures.temporaryDirectory("novocab")
    try "{}".write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
    #expect(throws: ModelError.missingVocabulary(directory: dir.path)) {
      _ = try PretrainedModel(directory: dir.path)
    }
  }

  @Test func unknownModelType() throws {
    let dir = try directory(config: "{\"model_type\": \"gpt2\", \"hidden_size\": 8}")
    #expect {
      _ = try PretrainedModel(directory: dir.path)
    } throws: { error in
      guard case .unsupportedModelType(_, "gpt2") = error as? ModelError else { return false }
      return "\(error)".contains("config.json")
    }
  }

  @Test func invalidUTF8InVocabulary() throws {
    let dir = try directory(vocab: Array("[PAD]\n[UNK]\n".utf8) + [0xFF, 0x41] + Array("\n".utf8))
    #expect(throws: ModelError.invalidUTF8(context: dir.path + "/vocab.txt", byteOffset: 12)) {
      _ = try PretrainedModel(directory: dir.path)
    }
  }

  @Test func missingTensorInWeights() throws {
    var b = SafeTensorsBuilder()
    b.addF32("embeddings.word_embeddings.weight", shape: [2, 2])
    let dir = try directory(weights: b.bytes())
    #expect {
      _ = try PretrainedModel(directory: dir.path)
    } throws: { error in
      let m = "\(error)"
      return m.contains("model.safetensors") && m.contains("embeddings.word_embeddings.weight")
    }
  }

  @Test func wrongShapeInWeights() throws {
    var b = SafeTensorsBuilder()
    b.addF32("embeddings.word_embeddings.weight", shape: [30522, 2])
    let dir = try directory(weights: b.bytes())
    #expect {
      _ = try PretrainedModel(directory: dir.path)
    } throws: { error in
      guard
        case .shapeMismatch(_, "embeddings.word_embeddings.weight", [30522, 384], [30522, 2]) =
          error as? ModelError
      else { return false }
      return true
    }
  }
}
