import Foundation
import Model

/// The SmolLM2 GGUF fetched by `make model` and the Hugging Face float64 golden file.
enum SmolLM2Fixtures {
  static var goldenPath: String {
    Fixtures.sharedDirectory.appendingPathComponent("fixtures/smollm2-hf-golden.json").path
  }

  static func ggufPath() throws -> String {
    try DecoderLocator.resolve(nil, currentDirectory: Fixtures.repoRoot.path)
  }

  static func model() throws -> LlamaModel { try LlamaModel(path: ggufPath()) }

  struct Stats: Decodable, Sendable {
    let sum: Double
    let sumsq: Double
    let countAbsGt1e2: Int
    let countAbsGt1e1: Int
    let numel: Int
    enum CodingKeys: String, CodingKey {
      case sum, sumsq, numel
      case countAbsGt1e2 = "count_abs_gt_1e-2"
      case countAbsGt1e1 = "count_abs_gt_1e-1"
    }
  }

  struct Layer: Decodable, Sendable {
    let gateAct: Stats
    let downInput: Stats
    enum CodingKeys: String, CodingKey {
      case gateAct = "gate_act"
      case downInput = "down_input"
    }
  }

  struct Case: Decodable, Sendable {
    let kind: String
    let text: String
    let inputIds: [Int32]
    let tokens: [String]
    let logitsLastFirst8: [Double]
    let logitsLastArgmax: Int
    let finalHiddenLastFirst8: [Double]
    let layers: [Layer]
    let greedy20Ids: [Int32]?
    enum CodingKeys: String, CodingKey {
      case kind, text, tokens, layers
      case inputIds = "input_ids"
      case logitsLastFirst8 = "logits_last_first8"
      case logitsLastArgmax = "logits_last_argmax"
      case finalHiddenLastFirst8 = "final_hidden_last_first8"
      case greedy20Ids = "greedy_20_ids"
    }
  }

  static func cases() throws -> [Case] {
    struct File: Decodable { let cases: [Case] }
    let data = try Data(contentsOf: URL(fileURLWithPath: goldenPath))
    return try JSONDecoder().decode(File.self, from: data).cases
  }
}
