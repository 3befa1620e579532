import Foundation
import Model
import Training

/// The tokenizer, the SQuAD dev set and its features, loaded once per test process and shared by
/// the SQuAD feature and decoding tests.
enum SQuADFixtures {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The HF-made windows of the dev set (scripts/make-tokenizer-golden.py); it lives with the
  /// tokenizer fixtures, which the package excludes from the ModelTests target.
  static let featuresGoldenURL = repoRoot.appendingPathComponent(
    "Tests/ModelTests/Fixtures/squad-features-golden.json")

  static func tokenizer() throws -> WordPieceTokenizer {
    let dir = try ModelLocator.resolve(explicit: nil, currentDirectory: repoRoot.path)
    return try WordPieceTokenizer(vocabulary: Vocabulary(path: dir + "/vocab.txt"))
  }

  struct Dev: Sendable {
    let tokenizer: WordPieceTokenizer
    let dataset: SQuADDataset
    /// Features at the standard options (384 / 128 / 64).
    let features: [SpanFeature]
    let featuriseSeconds: Double
  }

  private static let cachedDev: Result<Dev, any Error> = Result {
    let wordPiece = try tokenizer()
    let dataset = try SQuADReader.readDev(dataDirectory: testDataDirectory())
    let start = DispatchTime.now().uptimeNanoseconds
    let features = SpanFeaturizer.features(for: dataset.examples, tokenizer: wordPiece)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Dev(
      tokenizer: wordPiece, dataset: dataset, features: features, featuriseSeconds: seconds)
  }

  static func dev() throws -> Dev { try cachedDev.get() }

  /// `squad-features-golden.json`.
  struct Golden: Decodable {
    struct Feature: Decodable {
      let length: Int
      let contextChars: [Int]
      let startPosition: Int
      let endPosition: Int
      let ids: [Int32]?
      enum CodingKeys: String, CodingKey {
        case length, ids
        case contextChars = "context_chars"
        case startPosition = "start_position"
        case endPosition = "end_position"
      }
    }
    struct Sample: Decodable {
      let exampleIndex: Int
      let features: [Feature]
      enum CodingKeys: String, CodingKey {
        case features
        case exampleIndex = "example_index"
      }
    }
    let featureCounts: String
    let featureTotal: Int
    let samples: [Sample]
    enum CodingKeys: String, CodingKey {
      case featureCounts = "dev_feature_counts_384_128"
      case featureTotal = "dev_feature_total_384_128"
      case samples = "sample_128_32"
    }

    static func load() throws -> Golden {
      try JSONDecoder().decode(Golden.self, from: Data(contentsOf: featuresGoldenURL))
    }
  }

  /// An example with one answer found by its text (the first occurrence in the context).
  static func example(
    id: String = "q", title: String = "T", context: String, question: String, answer: String?
  ) -> SQuADExample {
    var answers: [SQuADAnswer] = []
    if let answer, let range = context.range(of: answer) {
      let start = context.unicodeScalars[..<range.lowerBound].count
      let utf8 = context.utf8[..<range.lowerBound].count
      answers = [SQuADAnswer(text: answer, startScalarOffset: start, startUTF8Offset: utf8)]
    }
    return SQuADExample(
      id: id, title: title, context: context, question: question, answers: answers)
  }

  /// Logits that are 10 at `position` and 0 elsewhere.
  static func oneHot(_ position: Int, count: Int) -> [Float] {
    var logits = [Float](repeating: 0, count: count)
    logits[position] = 10
    return logits
  }
}
