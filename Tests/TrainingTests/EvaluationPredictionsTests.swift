import Foundation
import Testing

@testable import Training

/// The per-example prediction files of `eval --predictions-out`.
struct EvaluationPredictionsTests {
  @Test func classificationRowsMarkWhatIsCorrect() {
    let p = EvaluationPredictions.glue(
      gold: [.classIndex(1), .classIndex(0)], predicted: [.classIndex(1), .classIndex(1)],
      sourceLines: [2, 3])
    #expect(
      p.fileContents == "example,source_line,label,prediction,correct\n0,2,1,1,1\n1,3,0,1,0\n")
    #expect(p.count == 2)
  }

  @Test func regressionRowsGiveTheAbsoluteError() {
    let p = EvaluationPredictions.glue(
      gold: [.score(4.5)], predicted: [.score(3.25)], sourceLines: [7])
    #expect(p.fileContents == "example,source_line,label,prediction,abs_error\n0,7,4.5,3.25,1.25\n")
  }

  @Test func squadIsTheOfficialScriptsJSON() throws {
    let p = EvaluationPredictions.squad(["b2": "the \"end\"", "a1": "1/2"])
    let decoded = try JSONDecoder().decode(
      [String: String].self, from: Data(p.fileContents.utf8))
    #expect(decoded == ["b2": "the \"end\"", "a1": "1/2"])
    #expect(p.fileContents.hasPrefix("{\n  \"a1\" : \"1/2\""), "keys sorted, slashes kept")
  }
}
