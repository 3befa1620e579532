/// Exact match and F1 over the whole set, in percent (the official script's output).
public struct SQuADScore: Sendable, Equatable, Codable {
  public var exactMatchPercent: Double
  public var f1Percent: Double
  /// Questions scored (all questions of the set; unanswered ones score 0).
  public var questionCount: Int
  /// Questions that had no prediction.
  public var unansweredCount: Int

  public init(
    exactMatchPercent: Double, f1Percent: Double, questionCount: Int, unansweredCount: Int
  ) {
    self.exactMatchPercent = exactMatchPercent
    self.f1Percent = f1Percent
    self.questionCount = questionCount
    self.unansweredCount = unansweredCount
  }
}

/// The official SQuAD v1.1 evaluation (`evaluate-v1.1.py`), reimplemented exactly:
/// `normalize_answer` lower-cases, removes ASCII punctuation (`string.punctuation`), replaces the
/// whole words `a`, `an`, `the` with a space (Python's Unicode `\b`), and collapses whitespace;
/// EM compares normalised strings; F1 is the token-multiset overlap; each question takes the
/// maximum over its gold answers; the set averages are multiplied by 100.
public enum SQuADMetric {
  /// The official `normalize_answer`.
  public static func normalizeAnswer(_ text: String) -> String {
    let lowered = text.lowercased()
    var withoutPunctuation = String.UnicodeScalarView()
    for scalar in lowered.unicodeScalars where !isASCIIPunctuation(scalar) {
      withoutPunctuation.append(scalar)
    }
    // Remove articles: maximal runs of word characters equal to a / an / the become " ".
    var withoutArticles = String.UnicodeScalarView()
    var word = String.UnicodeScalarView()
    func flushWord() {
      let w = String(word)
      if w == "a" || w == "an" || w == "the" {
        withoutArticles.append(" ")
      } else {
        withoutArticles.append(contentsOf: word)
      }
      word = String.UnicodeScalarView()
    }
    for scalar in withoutPunctuation {
      if isWordCharacter(scalar) {
        word.append(scalar)
      } else {
        flushWord()
        withoutArticles.append(scalar)
      }
    }
    flushWord()
    return tokens(String(withoutArticles)).joined(separator: " ")
  }

  /// Whether normalised prediction and gold answer are equal.
  public static func exactMatch(prediction: String, groundTruth: String) -> Bool {
    normalizeAnswer(prediction) == normalizeAnswer(groundTruth)
  }

  /// Token F1 of the normalised strings (0 when they share no token, including both empty).
  public static func f1(prediction: String, groundTruth: String) -> Double {
    let predicted = tokens(normalizeAnswer(prediction))
    let gold = tokens(normalizeAnswer(groundTruth))
    var goldCounts: [String: Int] = [:]
    for token in gold { goldCounts[token, default: 0] += 1 }
    var same = 0
    for token in predicted {
      if let count = goldCounts[token], count > 0 {
        same += 1
        goldCounts[token] = count - 1
      }
    }
    if same == 0 { return 0 }
    let precision = Double(same) / Double(predicted.count)
    let recall = Double(same) / Double(gold.count)
    return 2 * precision * recall / (precision + recall)
  }

  /// EM and F1 of one question: the maximum over its gold answers.
  public static func score(
    prediction: String, groundTruths: [String]
  ) -> (exactMatch: Double, f1: Double) {
    var em = 0.0
    var f1Value = 0.0
    for gold in groundTruths {
      em = max(em, exactMatch(prediction: prediction, groundTruth: gold) ? 1 : 0)
      f1Value = max(f1Value, f1(prediction: prediction, groundTruth: gold))
    }
    return (em, f1Value)
  }

  /// The official `evaluate`: every example is scored; a missing prediction scores 0.
  public static func evaluate(
    examples: [SQuADExample], predictions: [String: String]
  ) -> SQuADScore {
    var emSum = 0.0
    var f1Sum = 0.0
    var unanswered = 0
    for example in examples {
      guard let prediction = predictions[example.id] else {
        unanswered += 1
        continue
      }
      let s = score(prediction: prediction, groundTruths: example.answers.map(\.text))
      emSum += s.exactMatch
      f1Sum += s.f1
    }
    let n = Double(max(examples.count, 1))
    return SQuADScore(
      exactMatchPercent: 100 * emSum / n, f1Percent: 100 * f1Sum / n,
      questionCount: examples.count, unansweredCount: unanswered)
  }

  /// Python's `str.split()`: runs of whitespace separate tokens; no empty tokens.
  static func tokens(_ text: String) -> [String] {
    var result: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isPythonWhitespace(scalar) {
        if !current.isEmpty {
          result.append(String(current))
          current = String.UnicodeScalarView()
        }
      } else {
        current.append(scalar)
      }
    }
    if !current.isEmpty { result.append(String(current)) }
    return result
  }

  /// `string.punctuation`: ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
  static func isASCIIPunctuation(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
    default: return false
    }
  }

  /// Python `re` `\w` for str patterns: letters, numbers (any `N*` category) and `_`.
  static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
    if s == "_" { return true }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  /// Python `str.isspace()`: Unicode White_Space plus the information separators U+001C–U+001F.
  static func isPythonWhitespace(_ s: Unicode.Scalar) -> Bool {
    (0x1C...0x1F).contains(s.value) || s.properties.isWhitespace
  }
}
