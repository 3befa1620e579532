import Foundation

/// What a model predicted for each evaluation example (`eval --predictions-out`): to compare two
/// runs example by example, or to score SQuAD answers with another tool.
public enum EvaluationPredictions: Sendable, Equatable {
  /// GLUE: the gold and predicted label of every evaluation example, in the split's file order,
  /// with the 1-based line each example came from.
  case glue(gold: [ExampleLabel], predicted: [ExampleLabel], sourceLines: [Int])
  /// SQuAD: question id → predicted answer text.
  case squad([String: String])

  /// GLUE: CSV `example,source_line,label,prediction,correct` (regression tasks: `abs_error`
  /// in place of `correct`). SQuAD: the `{"id": "answer"}` JSON the official SQuAD v1.1
  /// evaluation script reads, keys sorted.
  public var fileContents: String {
    switch self {
    case .glue(let gold, let predicted, let lines):
      let regression = gold.first?.score != nil
      var text = "example,source_line,label,prediction," + (regression ? "abs_error" : "correct")
      text += "\n"
      for i in gold.indices {
        let row: [String]
        switch (gold[i], predicted[i]) {
        case (.score(let g), .score(let p)):
          row = [String(g), String(p), String(abs(g - p))]
        case (.classIndex(let g), .classIndex(let p)):
          row = [String(g), String(p), g == p ? "1" : "0"]
        default:
          row = [String(describing: gold[i]), String(describing: predicted[i]), ""]
        }
        text += ([String(i), String(lines[i])] + row).joined(separator: ",") + "\n"
      }
      return text
    case .squad(let answers):
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      let data = (try? encoder.encode(answers)) ?? Data("{}".utf8)
      return String(decoding: data, as: UTF8.self) + "\n"
    }
  }

  /// How many examples (GLUE) or questions (SQuAD) it holds.
  public var count: Int {
    switch self {
    case .glue(let gold, _, _): return gold.count
    case .squad(let answers): return answers.count
    }
  }
}
