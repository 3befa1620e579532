import Foundation

/// One gold answer span of a SQuAD question.
public struct SQuADAnswer: Sendable, Equatable, Hashable {
  public var text: String
  /// Start of the answer in the context, in Unicode scalars (the JSON's `answer_start`, which
  /// counts Python string characters).
  public var startScalarOffset: Int
  /// The same start as a UTF-8 byte offset into the context.
  public var startUTF8Offset: Int

  public init(text: String, startScalarOffset: Int, startUTF8Offset: Int) {
    self.text = text
    self.startScalarOffset = startScalarOffset
    self.startUTF8Offset = startUTF8Offset
  }
}

/// One SQuAD v1.1 question with its context and gold answers.
public struct SQuADExample: Sendable, Equatable, Hashable {
  public var id: String
  public var title: String
  public var context: String
  public var question: String
  public var answers: [SQuADAnswer]

  public init(
    id: String, title: String, context: String, question: String, answers: [SQuADAnswer]
  ) {
    self.id = id
    self.title = title
    self.context = context
    self.question = question
    self.answers = answers
  }
}

/// A parsed SQuAD file: its examples in file order plus the structural counts.
public struct SQuADDataset: Sendable, Equatable {
  public var version: String
  public var articleCount: Int
  public var paragraphCount: Int
  public var examples: [SQuADExample]

  public var answerCount: Int { examples.reduce(0) { $0 + $1.answers.count } }
}

/// Reads SQuAD v1.1 JSON and checks that every `answer_start` points at its answer text.
public enum SQuADReader {
  public static let devRelativePath = "squad/dev-v1.1.json"

  /// Reads `squad/dev-v1.1.json` from a data directory.
  public static func readDev(dataDirectory: String) throws(DatasetError) -> SQuADDataset {
    try read(
      path: DataLocator.file(devRelativePath, in: dataDirectory, dataset: "SQuAD v1.1 dev"))
  }

  public static func read(path: String) throws(DatasetError) -> SQuADDataset {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      if !FileManager.default.fileExists(atPath: path) {
        throw .fileMissing(path: path, dataset: "SQuAD")
      }
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    return try parse(data, path: path)
  }

  /// Parses SQuAD JSON bytes; `path` is used in error messages only.
  public static func parse(_ data: Data, path: String) throws(DatasetError) -> SQuADDataset {
    let file: RawFile
    do {
      file = try JSONDecoder().decode(RawFile.self, from: data)
    } catch let error as DecodingError {
      throw describe(error, path: path)
    } catch {
      throw .squadJSON(path: path, key: "(root)", problem: "\(error)")
    }
    var examples: [SQuADExample] = []
    var paragraphCount = 0
    for article in file.data {
      for paragraph in article.paragraphs {
        paragraphCount += 1
        let scalars = Array(paragraph.context.unicodeScalars)
        for qa in paragraph.qas {
          var answers: [SQuADAnswer] = []
          for (index, answer) in qa.answers.enumerated() {
            let start = answer.answer_start
            let length = answer.text.unicodeScalars.count
            guard start >= 0, start + length <= scalars.count,
              String(String.UnicodeScalarView(scalars[start..<start + length])) == answer.text
            else {
              throw .squadAnswerMismatch(
                path: path, questionID: qa.id, answerIndex: index, answerStart: start)
            }
            let utf8Offset = scalars[..<start].reduce(0) { $0 + UTF8.width($1) }
            answers.append(
              SQuADAnswer(text: answer.text, startScalarOffset: start, startUTF8Offset: utf8Offset))
          }
          examples.append(
            SQuADExample(
              id: qa.id, title: article.title, context: paragraph.context, question: qa.question,
              answers: answers))
        }
      }
    }
    return SQuADDataset(
      version: file.version, articleCount: file.data.count, paragraphCount: paragraphCount,
      examples: examples)
  }

  static func describe(_ error: DecodingError, path: String) -> DatasetError {
    func key(_ codingPath: [any CodingKey]) -> String {
      var text = ""
      for component in codingPath {
        if let index = component.intValue {
          text += "[\(index)]"
        } else {
          text += text.isEmpty ? component.stringValue : "." + component.stringValue
        }
      }
      return text.isEmpty ? "(root)" : text
    }
    switch error {
    case .keyNotFound(let missing, let context):
      return .squadJSON(
        path: path, key: key(context.codingPath + [missing]), problem: "missing key")
    case .typeMismatch(let type, let context):
      return .squadJSON(
        path: path, key: key(context.codingPath), problem: "expected a value of type \(type)")
    case .valueNotFound(let type, let context):
      return .squadJSON(
        path: path, key: key(context.codingPath), problem: "expected \(type), found null")
    case .dataCorrupted(let context):
      return .squadJSON(
        path: path, key: key(context.codingPath),
        problem: "not valid JSON (\(context.debugDescription))")
    @unknown default:
      return .squadJSON(path: path, key: "(root)", problem: "\(error)")
    }
  }

  private struct RawFile: Decodable {
    var data: [RawArticle]
    var version: String
  }

  private struct RawArticle: Decodable {
    var title: String
    var paragraphs: [RawParagraph]
  }

  private struct RawParagraph: Decodable {
    var context: String
    var qas: [RawQuestion]
  }

  private struct RawQuestion: Decodable {
    var id: String
    var question: String
    var answers: [RawAnswer]
  }

  private struct RawAnswer: Decodable {
    var text: String
    var answer_start: Int
  }
}
