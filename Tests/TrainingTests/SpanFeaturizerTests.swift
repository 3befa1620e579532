import Foundation
import Model
import Testing
import Training

/// SQuAD windows against HF `run_qa` preprocessing (`tokenizers` with `only_second`
/// truncation, stride and overflowing tokens; squad-features-golden.json) and edge cases.
@Suite struct SpanFeaturizerTests {
  @Test func devFeatureCountsMatchHuggingFace() throws {
    let dev = try SQuADFixtures.dev()
    let golden = try SQuADFixtures.Golden.load()
    #expect(dev.features.count == golden.featureTotal)
    #expect(dev.features.count == 10_784)
    var counts = [Int](repeating: 0, count: dev.dataset.examples.count)
    for feature in dev.features { counts[feature.exampleIndex] += 1 }
    let expected = golden.featureCounts.map { Int(String($0)) ?? -1 }
    #expect(counts == expected)
    #expect(dev.features.allSatisfy { $0.encoding.count <= 384 })
  }

  /// At 128 tokens / stride 32 (many windows): lengths, window character spans, targets and ids.
  @Test func sampledWindowsMatchHuggingFace() throws {
    let dev = try SQuADFixtures.dev()
    let golden = try SQuADFixtures.Golden.load()
    let options = try SpanFeatureOptions(maxLength: 128, docStride: 32, maxQueryLength: 64)
    #expect(golden.samples.count > 50)
    for sample in golden.samples {
      let example = dev.dataset.examples[sample.exampleIndex]
      let features = SpanFeaturizer.features(
        for: [example], tokenizer: dev.tokenizer, options: options)
      try #require(features.count == sample.features.count, "example \(sample.exampleIndex)")
      for (feature, expected) in zip(features, sample.features) {
        let context = feature.contextTokens
        #expect(feature.encoding.count == expected.length)
        #expect(
          feature.contextCharacterRanges[context.lowerBound]?.lowerBound == expected.contextChars[0]
        )
        #expect(
          feature.contextCharacterRanges[context.upperBound - 1]?.upperBound
            == expected.contextChars[1])
        #expect(feature.startPosition == expected.startPosition, "example \(sample.exampleIndex)")
        #expect(feature.endPosition == expected.endPosition, "example \(sample.exampleIndex)")
        if let ids = expected.ids { #expect(feature.encoding.inputIds == ids) }
      }
    }
  }

  /// Every context token is in some window, windows are contiguous, consecutive windows share
  /// exactly `docStride` tokens, and every feature has the `[CLS] q [SEP] c [SEP]` layout.
  @Test func windowsCoverEveryContextToken() throws {
    let dev = try SQuADFixtures.dev()
    var byExample = [[SpanFeature]](repeating: [], count: dev.dataset.examples.count)
    for feature in dev.features { byExample[feature.exampleIndex].append(feature) }
    var contexts: [String: [Int: Int]] = [:]  // context → token start scalar → token index
    for (index, example) in dev.dataset.examples.enumerated() {
      let tokenIndex =
        contexts[example.context]
        ?? {
          let offsets = dev.tokenizer.tokenizeWithOffsets(example.context).scalarOffsets
          let map = Dictionary(
            uniqueKeysWithValues: offsets.enumerated().map { ($1.lowerBound, $0) })
          contexts[example.context] = map
          return map
        }()
      var covered = 0  // context tokens 0..<covered are in a window so far
      for (k, feature) in byExample[index].enumerated() {
        let indices = feature.contextTokens.compactMap {
          feature.contextCharacterRanges[$0].flatMap { tokenIndex[$0.lowerBound] }
        }
        try #require(indices.count == feature.contextTokens.count)
        #expect(indices == Array((indices.first ?? 0)..<(indices.first ?? 0) + indices.count))
        #expect((indices.first ?? 0) == (k == 0 ? 0 : covered - 128), "example \(index)")
        covered = (indices.last ?? -1) + 1
        checkLayout(feature, tokenizer: dev.tokenizer)
      }
      #expect(covered == tokenIndex.count, "example \(index)")
    }
  }

  func checkLayout(_ feature: SpanFeature, tokenizer: WordPieceTokenizer) {
    let e = feature.encoding
    let c = feature.contextTokens
    #expect(e.inputIds.first == tokenizer.clsId && e.inputIds.last == tokenizer.sepId)
    #expect(e.inputIds[c.lowerBound - 1] == tokenizer.sepId && c.upperBound == e.count - 1)
    #expect(
      e.tokenTypeIds == Array(repeating: 0, count: c.lowerBound)
        + Array(repeating: 1, count: e.count - c.lowerBound))
    #expect(feature.contextCharacterRanges.count == e.count)
    #expect(
      feature.contextCharacterRanges.enumerated().allSatisfy { ($1 != nil) == c.contains($0) })
  }

  @Test func contextShorterThanOneWindow() throws {
    let tokenizer = try SQuADFixtures.tokenizer()
    let example = SQuADFixtures.example(
      context: "The Eiffel Tower is in Paris.", question: "Where is the tower?", answer: "Paris")
    let features = SpanFeaturizer.features(for: [example], tokenizer: tokenizer)
    try #require(features.count == 1)
    let f = features[0]
    #expect(
      f.encoding.tokens == [
        "[CLS]", "where", "is", "the", "tower", "?", "[SEP]", "the", "e", "##iff", "##el", "tower",
        "is", "in", "paris", ".", "[SEP]",
      ])
    #expect(f.contextTokens == 7..<16)
    #expect(f.startPosition == 14 && f.endPosition == 14)
    #expect(f.contextCharacterRanges[14] == 23..<28)
  }

  /// The answer ends the context, and also ends a window that is not the last: the start is the
  /// last context token (HF run_qa's search would run on to the final [SEP]).
  @Test func answerAtTheVeryEnd() throws {
    let tokenizer = try SQuADFixtures.tokenizer()
    let context = "one two three four five six seven eight nine ten eleven twelve Paris"
    let atEnd = SQuADFixtures.example(context: context, question: "Where?", answer: "Paris")
    let single = SpanFeaturizer.features(for: [atEnd], tokenizer: tokenizer)
    try #require(single.count == 1)
    #expect(single[0].startPosition == single[0].encoding.count - 2)
    #expect(single[0].endPosition == single[0].encoding.count - 2)
    // Windows of 11 context tokens (16 − 3 − 2 question tokens) advancing by 9: [0, 11) ends
    // with "eleven", [9, 13) holds "ten eleven twelve paris".
    let options = try SpanFeatureOptions(maxLength: 16, docStride: 2, maxQueryLength: 8)
    let windows = SpanFeaturizer.features(for: [atEnd], tokenizer: tokenizer, options: options)
    try #require(windows.count == 2)
    #expect(windows[0].contextTokens.count == 11)
    let last = windows[0].contextTokens.upperBound - 1
    #expect(windows[0].encoding.tokens[last] == "eleven")
    let eleven = SQuADFixtures.example(context: context, question: "Where?", answer: "eleven")
    let w = SpanFeaturizer.features(for: [eleven], tokenizer: tokenizer, options: options)
    #expect(w[0].startPosition == last && w[0].endPosition == last)
    #expect(w[1].startPosition == w[1].contextTokens.lowerBound + 1)
  }

  @Test func questionLongerThanMaxQueryLength() throws {
    let tokenizer = try SQuADFixtures.tokenizer()
    let question = Array(repeating: "why", count: 100).joined(separator: " ") + "?"
    let context = Array(repeating: "word", count: 500).joined(separator: " ") + " answer here."
    let example = SQuADFixtures.example(context: context, question: question, answer: "answer")
    let features = SpanFeaturizer.features(for: [example], tokenizer: tokenizer)
    #expect(features.count == 2)  // windows of 317 tokens from 0 and 189; 503 context tokens
    for f in features {
      #expect(f.contextTokens.lowerBound == 66)  // [CLS] + 64 question tokens + [SEP]
      #expect(f.encoding.tokenTypeIds.filter { $0 == 0 }.count == 66)
      #expect(f.encoding.count <= 384)
    }
    #expect(features[0].contextTokens.count == 317 && features[0].encoding.count == 384)
    #expect(!features[0].containsAnswer && features[1].containsAnswer)
    #expect(features[1].encoding.tokens[features[1].startPosition] == "answer")
  }

  @Test(arguments: ["", "   \n\t", "\u{200B}\u{0007}"])
  func contextWithNoTokens(_ context: String) throws {
    let tokenizer = try SQuADFixtures.tokenizer()
    let example = SQuADFixtures.example(context: context, question: "What?", answer: nil)
    let features = SpanFeaturizer.features(for: [example], tokenizer: tokenizer)
    try #require(features.count == 1)
    #expect(features[0].encoding.tokens == ["[CLS]", "what", "?", "[SEP]", "[SEP]"])
    #expect(features[0].contextTokens == 4..<4)
    #expect(features[0].startPosition == 0 && features[0].endPosition == 0)
    #expect(features[0].contextCharacterRanges == [nil, nil, nil, nil, nil])
  }

  @Test func windowArithmetic() {
    #expect(SpanFeaturizer.contextWindows(contextCount: 0, windowCount: 5, docStride: 2) == [0..<0])
    #expect(SpanFeaturizer.contextWindows(contextCount: 5, windowCount: 5, docStride: 2) == [0..<5])
    #expect(
      SpanFeaturizer.contextWindows(contextCount: 12, windowCount: 5, docStride: 2)
        == [0..<5, 3..<8, 6..<11, 9..<12])
    #expect(
      SpanFeaturizer.contextWindows(contextCount: 11, windowCount: 5, docStride: 2)
        == [0..<5, 3..<8, 6..<11])
  }

  @Test func invalidOptionsAreRejected() {
    #expect(throws: SQuADOptionsError.self) {
      _ = try SpanFeatureOptions(maxLength: 192, docStride: 128, maxQueryLength: 64)
    }
    #expect(throws: SQuADOptionsError.self) { _ = try SpanFeatureOptions(docStride: -1) }
    #expect(throws: SQuADOptionsError.self) { _ = try SpanFeatureOptions(maxQueryLength: 0) }
    #expect(
      throws: SQuADOptionsError.spanFeatureOptions(
        maxLength: 100, docStride: 50, maxQueryLength: 64,
        problem: "doc stride must be smaller than the shortest window, maxLength - 3 - "
          + "maxQueryLength = 33")
    ) { _ = try SpanFeatureOptions(maxLength: 100, docStride: 50, maxQueryLength: 64) }
    #expect((try? SpanFeatureOptions()) == SpanFeatureOptions.standard)
  }
}
