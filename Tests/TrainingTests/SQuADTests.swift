import Foundation
import Testing
import Training

@Suite struct SQuADReaderTests {
  @Test func realDevSetCounts() throws {
    let dataset = try SQuADReader.readDev(dataDirectory: testDataDirectory())
    #expect(dataset.version == "1.1")
    #expect(dataset.articleCount == 48)
    #expect(dataset.paragraphCount == 2_067)
    #expect(dataset.examples.count == 10_570)
    #expect(dataset.answerCount == 34_726)
    #expect(Set(dataset.examples.map(\.id)).count == 10_570)
    // answer offsets: the UTF-8 offset points at the answer text in the context.
    for example in dataset.examples.prefix(500) {
      for answer in example.answers {
        let bytes = Array(example.context.utf8)
        let text = Array(answer.text.utf8)
        #expect(Array(bytes[answer.startUTF8Offset..<answer.startUTF8Offset + text.count]) == text)
      }
    }
  }

  @Test func structuralErrorsNameTheKey() {
    let json =
      #"{"data":[{"title":"T","paragraphs":[{"context":"abc","qas":[{"id":"q1","answers":[]}]}]}],"version":"1.1"}"#
    let error = #expect(throws: DatasetError.self) {
      _ = try SQuADReader.parse(Data(json.utf8), path: "s.json")
    }
    #expect(
      error
        == .squadJSON(
          path: "s.json", key: "data[0].paragraphs[0].qas[0].question", problem: "missing key"))
  }

  @Test func answerStartMismatch() {
    let json =
      #"{"data":[{"title":"T","paragraphs":[{"context":"héllo world","qas":[{"id":"q1","question":"?","answers":[{"text":"world","answer_start":6},{"text":"world","answer_start":5}]}]}]}],"version":"1.1"}"#
    #expect(
      throws: DatasetError.squadAnswerMismatch(
        path: "s.json", questionID: "q1", answerIndex: 1, answerStart: 5)
    ) { _ = try SQuADReader.parse(Data(json.utf8), path: "s.json") }
  }

  @Test func unicodeOffsets() throws {
    let json =
      #"{"data":[{"title":"T","paragraphs":[{"context":"héllo world","qas":[{"id":"q1","question":"?","answers":[{"text":"world","answer_start":6}]}]}]}],"version":"1.1"}"#
    let dataset = try SQuADReader.parse(Data(json.utf8), path: "s.json")
    #expect(dataset.examples[0].answers[0].startScalarOffset == 6)
    #expect(dataset.examples[0].answers[0].startUTF8Offset == 7)
  }
}

@Suite struct SQuADMetricTests {
  /// Expected outputs of the official evaluate-v1.1.py normalize_answer.
  @Test(arguments: [
    ("The Cat's  hat!", "cats hat"),
    ("An apple, a day", "apple day"),
    ("theatre", "theatre"),
    ("a-b", "ab"),
    ("Ü the Ä", "ü ä"),
    ("the_cat", "thecat"),
    ("  A\tthe\nAN  ", ""),
    ("Ångström's (the) unit", "ångströms unit"),
    ("l'an", "lan"),
    ("The 1990s\u{2014}a decade", "1990s\u{2014} decade"),
    ("état the café", "état café"),
    ("Über-THE", "überthe"),
  ])
  func normalizeAnswer(_ input: String, _ expected: String) {
    #expect(SQuADMetric.normalizeAnswer(input) == expected)
  }

  @Test func tokenF1AndExactMatch() {
    #expect(
      abs(SQuADMetric.f1(prediction: "the big red dog", groundTruth: "a red dog barked") - 2.0 / 3)
        < 1e-12)
    #expect(SQuADMetric.f1(prediction: "", groundTruth: "") == 0)
    #expect(SQuADMetric.f1(prediction: "a", groundTruth: "the") == 0)
    #expect(
      abs(SQuADMetric.f1(prediction: "dog dog cat", groundTruth: "dog cat cat") - 2.0 / 3) < 1e-12)
    #expect(SQuADMetric.exactMatch(prediction: "The Eiffel Tower.", groundTruth: "eiffel tower"))
    let s = SQuADMetric.score(
      prediction: "Denver Broncos", groundTruths: ["Broncos", "Denver Broncos"])
    #expect(s.exactMatch == 1 && s.f1 == 1)
  }

  /// The whole dev set with a rule-based prediction (drop the last word of the first gold
  /// answer; one-word answers become "the " + upper-cased; every 50th question unanswered),
  /// scored by the official script in Python: EM 36.045411542100, F1 82.971859178365.
  @Test func realDevSetAgainstOfficialScript() throws {
    let dataset = try SQuADReader.readDev(dataDirectory: testDataDirectory())
    var predictions: [String: String] = [:]
    for (index, example) in dataset.examples.enumerated() where index % 50 != 0 {
      let text = example.answers[0].text
      let words = text.split(separator: " ", omittingEmptySubsequences: false)
      predictions[example.id] =
        words.count > 1 ? words.dropLast().joined(separator: " ") : "the " + text.uppercased()
    }
    let score = SQuADMetric.evaluate(examples: dataset.examples, predictions: predictions)
    #expect(score.questionCount == 10_570)
    #expect(score.unansweredCount == 212)
    #expect(abs(score.exactMatchPercent - 36.045411542100) < 1e-9)
    #expect(abs(score.f1Percent - 82.971859178365) < 1e-9)
    let gold = Dictionary(
      uniqueKeysWithValues: dataset.examples.map { ($0.id, $0.answers[0].text) })
    let perfect = SQuADMetric.evaluate(examples: dataset.examples, predictions: gold)
    #expect(perfect.exactMatchPercent == 100 && perfect.f1Percent == 100)
  }
}
