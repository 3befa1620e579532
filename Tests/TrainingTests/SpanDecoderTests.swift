import Foundation
import Model
import Testing
import Training

/// Span decoding: perfect logits recover the gold answers of the dev set; hand-made logits for
/// the search rules.
@Suite struct SpanDecoderTests {
  /// One-hot logits at the gold start/end of every feature that contains the first answer (all
  /// zeros in the other features) decode to text equal, after the official normalisation, to
  /// that answer for ≥ 99% of the dev questions.
  @Test func perfectLogitsRecoverGoldAnswers() throws {
    let dev = try SQuADFixtures.dev()
    let examples = dev.dataset.examples
    var starts: [[Float]] = []
    var ends: [[Float]] = []
    var hasAnswerFeature = [Bool](repeating: false, count: examples.count)
    var answerTokenCount = [Int](repeating: 0, count: examples.count)
    for feature in dev.features {
      let n = feature.encoding.count
      if feature.containsAnswer {
        hasAnswerFeature[feature.exampleIndex] = true
        answerTokenCount[feature.exampleIndex] = feature.endPosition - feature.startPosition + 1
        starts.append(SQuADFixtures.oneHot(feature.startPosition, count: n))
        ends.append(SQuADFixtures.oneHot(feature.endPosition, count: n))
      } else {
        starts.append([Float](repeating: 0, count: n))
        ends.append([Float](repeating: 0, count: n))
      }
    }
    let predictions = SpanDecoder.predictions(
      examples: examples, features: dev.features, startLogits: starts, endLogits: ends)
    let scored = examples.indices.filter { hasAnswerFeature[$0] }
    var misses: [String] = []
    var tooLong = 0
    for i in scored {
      let gold = examples[i].answers[0].text
      let predicted = predictions[examples[i].id] ?? "<none>"
      if !SQuADMetric.exactMatch(prediction: predicted, groundTruth: gold) {
        if answerTokenCount[i] > SpanDecoderOptions.standard.maxAnswerLength { tooLong += 1 }
        misses.append(
          "\(examples[i].id) (\(answerTokenCount[i]) tokens): gold \(gold.debugDescription), "
            + "got \(predicted.debugDescription)")
      }
    }
    let recovered = Double(scored.count - misses.count) / Double(scored.count)
    let score = SQuADMetric.evaluate(examples: examples, predictions: predictions)
    print(
      "perfect logits: \(scored.count) of \(examples.count) questions have a feature with the "
        + "answer; \(scored.count - misses.count) recovered (\(100 * recovered)%); official EM "
        + "\(score.exactMatchPercent), F1 \(score.f1Percent); featurising took "
        + "\(dev.featuriseSeconds) s; misses: \(tooLong) answers longer than 30 tokens, "
        + "\(misses.count - tooLong) answers that start or end inside a token")
    for miss in misses { print("  miss \(miss)") }
    #expect(scored.count == examples.count)
    #expect(recovered >= 0.99)
  }

  func feature(
    contextTokens: Range<Int>, count: Int, ranges: [Int: Range<Int>], exampleIndex: Int = 0
  ) -> SpanFeature {
    var characterRanges = [Range<Int>?](repeating: nil, count: count)
    for (token, range) in ranges { characterRanges[token] = range }
    let encoding = Encoding(
      inputIds: Array(repeating: 1, count: count), tokenTypeIds: Array(repeating: 0, count: count),
      tokens: Array(repeating: "x", count: count))
    return SpanFeature(
      exampleIndex: exampleIndex, encoding: encoding, contextTokens: contextTokens,
      contextCharacterRanges: characterRanges, startPosition: 0, endPosition: 0)
  }

  /// Context "alpha beta gamma" in tokens 3, 4, 5 of a 7-token feature.
  var threeWords: (SQuADExample, SpanFeature) {
    let example = SQuADFixtures.example(
      context: "alpha beta gamma", question: "?", answer: "beta")
    let f = feature(contextTokens: 3..<6, count: 7, ranges: [3: 0..<5, 4: 6..<10, 5: 11..<16])
    return (example, f)
  }

  @Test func bestSpanIgnoresNonContextTokensAndReversedSpans() {
    let (example, f) = threeWords
    // The highest logits sit on [CLS] (0) and the final [SEP] (6).
    let start: [Float] = [9, 0, 0, 1, 2, 5, 0]
    let end: [Float] = [9, 0, 0, 4, 3, 1, 9]
    let best = SpanDecoder.bestSpans(
      examples: [example], features: [f], startLogits: [start], endLogits: [end])
    // Context pairs with start ≤ end: (3,3)=5, (3,4)=4, (3,5)=2, (4,4)=5, (4,5)=3, (5,5)=6; the
    // reversed (5,3)=9 and the special tokens (0,0)=18, (0,6)=18 are not answers.
    #expect(best[0]?.startToken == 5 && best[0]?.endToken == 5)
    #expect(best[0]?.text == "gamma" && best[0]?.score == 6)
  }

  @Test func maxAnswerLengthLimitsSpans() throws {
    let (example, f) = threeWords
    let start: [Float] = [0, 0, 0, 5, 0, 0, 0]
    let end: [Float] = [0, 0, 0, 0, 1, 5, 0]
    let long = SpanDecoder.predictions(
      examples: [example], features: [f], startLogits: [start], endLogits: [end])
    #expect(long == ["q": "alpha beta gamma"])
    let two = try SpanDecoderOptions(nBest: 20, maxAnswerLength: 2)
    let short = SpanDecoder.predictions(
      examples: [example], features: [f], startLogits: [start], endLogits: [end], options: two)
    #expect(short == ["q": "alpha beta"])
  }

  @Test func nBestLimitsCandidates() throws {
    let (example, f) = threeWords
    // With one candidate per side, start 5 and end 3 cannot pair: no span.
    let start: [Float] = [0, 0, 0, 1, 0, 2, 0]
    let end: [Float] = [0, 0, 0, 2, 0, 1, 0]
    let one = try SpanDecoderOptions(nBest: 1)
    let best = SpanDecoder.bestSpans(
      examples: [example], features: [f], startLogits: [start], endLogits: [end], options: one)
    #expect(best == [nil])
    let two = SpanDecoder.predictions(
      examples: [example], features: [f], startLogits: [start], endLogits: [end])
    // (3,3) = 3 = (5,5): the pair met first, starts taken best first (as HF), wins the tie.
    #expect(two == ["q": "gamma"])
  }

  @Test func bestWindowWinsAcrossFeatures() {
    let (example, first) = threeWords
    let second = feature(contextTokens: 2..<4, count: 5, ranges: [2: 6..<10, 3: 11..<16])
    let predictions = SpanDecoder.bestSpans(
      examples: [example], features: [first, second],
      startLogits: [[0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 3, 0]],
      endLogits: [[0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 3, 0]])
    #expect(predictions[0]?.featureIndex == 1)
    #expect(predictions[0]?.text == "gamma" && predictions[0]?.contextScalarRange == 11..<16)
    #expect(predictions[0]?.score == 6)
  }

  @Test func originalTextIsReturned() {
    let example = SQuADFixtures.example(
      context: "Le Café de Flore, Paris", question: "?", answer: "Café de Flore")
    let f = feature(
      contextTokens: 2..<6, count: 7, ranges: [2: 0..<2, 3: 3..<7, 4: 8..<10, 5: 11..<16])
    let predictions = SpanDecoder.predictions(
      examples: [example], features: [f],
      startLogits: [[0, 0, 0, 5, 0, 0, 0]], endLogits: [[0, 0, 0, 0, 0, 5, 0]])
    #expect(predictions == ["q": "Café de Flore"])
  }

  @Test func emptyContextAndNaNLogits() {
    let example = SQuADFixtures.example(context: "", question: "?", answer: nil)
    let empty = feature(contextTokens: 3..<3, count: 4, ranges: [:])
    #expect(
      SpanDecoder.predictions(
        examples: [example], features: [empty], startLogits: [[1, 2, 3, 4]],
        endLogits: [[1, 2, 3, 4]]) == [:])
    let (words, f) = threeWords
    let nan = Float.nan
    let best = SpanDecoder.bestSpans(
      examples: [words], features: [f], startLogits: [[0, 0, 0, nan, 1, 0, 0]],
      endLogits: [[0, 0, 0, nan, 1, 0, 0]])
    #expect(best[0]?.startToken == 4 && best[0]?.endToken == 4)
  }

  @Test func invalidOptionsAreRejected() {
    #expect(throws: SQuADOptionsError.self) { _ = try SpanDecoderOptions(nBest: 0) }
    #expect(throws: SQuADOptionsError.self) { _ = try SpanDecoderOptions(maxAnswerLength: 0) }
    #expect((try? SpanDecoderOptions()) == SpanDecoderOptions.standard)
  }
}
