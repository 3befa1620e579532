import Foundation
import Testing
import Training

/// Featurising and decoding speed on the SQuAD dev set (a measurement that also checks every
/// question is featurised and answered):
/// `DEFT_BENCH=1 swift test -c release --filter SpanThroughput`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DEFT_BENCH"] == "1"))
struct SpanThroughputTests {
  @Test func featuriseAndDecodeDevSet() throws {
    let tokenizer = try SQuADFixtures.tokenizer()
    let examples = try SQuADReader.readDev(dataDirectory: testDataDirectory()).examples
    for _ in 0..<3 {
      var start = DispatchTime.now().uptimeNanoseconds
      let features = SpanFeaturizer.features(for: examples, tokenizer: tokenizer)
      let featuriseSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      var state: UInt32 = 1
      func logits(_ n: Int) -> [Float] {
        (0..<n).map { _ in
          state = state &* 1_664_525 &+ 1_013_904_223
          return Float(state >> 8) / Float(1 << 24)
        }
      }
      let starts = features.map { logits($0.encoding.count) }
      let ends = features.map { logits($0.encoding.count) }
      start = DispatchTime.now().uptimeNanoseconds
      let answers = SpanDecoder.predictions(
        examples: examples, features: features, startLogits: starts, endLogits: ends)
      let decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      // What was timed did its job: every question has a window and an answer.
      #expect(examples.count == 10_570, "SQuAD v1.1 dev has 10,570 questions")
      #expect(features.count >= examples.count)
      #expect(answers.count == examples.count)
      #expect(Set(answers.keys) == Set(examples.map(\.id)))
      print(
        "SQuAD dev: \(examples.count) questions → \(features.count) features in "
          + "\(featuriseSeconds) s; decoding \(answers.count) answers in \(decodeSeconds) s")
    }
  }
}
