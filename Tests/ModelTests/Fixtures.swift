import Foundation
import Model

/// Locations of the repository, the shared fixtures and the fetched model, found from this file.
enum Fixtures {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static var sharedDirectory: URL {
    repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
  }

  static var goldenPath: String {
    sharedDirectory.appendingPathComponent("fixtures/minilm-hf-golden.json").path
  }

  static func modelDirectory() throws -> String {
    try ModelLocator.resolve(explicit: nil, currentDirectory: repoRoot.path)
  }

  /// The pretrained model, loaded once per process.
  static func model() throws -> PretrainedModel {
    try PretrainedModel(directory: modelDirectory())
  }

  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-tests-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// One case of the Hugging Face golden file.
struct GoldenCase: Decodable, Sendable, CustomStringConvertible {
  let textA: String
  let textB: String?
  let inputIds: [Int32]
  let tokenTypeIds: [Int32]
  let tokens: [String]
  let lastHiddenToken0First8: [Double]
  let lastHiddenLasttokenFirst8: [Double]
  let mlpActSum: [Double]
  let mlpActSumsq: [Double]
  let mlpActCountAbsGt1e2: [Int]

  enum CodingKeys: String, CodingKey {
    case textA = "text_a"
    case textB = "text_b"
    case inputIds = "input_ids"
    case tokenTypeIds = "token_type_ids"
    case tokens
    case lastHiddenToken0First8 = "last_hidden_token0_first8"
    case lastHiddenLasttokenFirst8 = "last_hidden_lasttoken_first8"
    case mlpActSum = "mlp_act_sum"
    case mlpActSumsq = "mlp_act_sumsq"
    case mlpActCountAbsGt1e2 = "mlp_act_count_abs_gt_1e-2"
  }

  var description: String { textA + (textB.map { " | " + $0 } ?? "") }

  static func all() throws -> [GoldenCase] {
    struct File: Decodable { let cases: [GoldenCase] }
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.goldenPath))
    return try JSONDecoder().decode(File.self, from: data).cases
  }
}
