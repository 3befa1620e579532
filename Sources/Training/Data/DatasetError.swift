/// Bad or missing dataset input. Every case names the file (and line, column or JSON key where it
/// applies), says what was expected and what was found, and ends with a hint.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
  /// No data directory was found; `searched` lists the places tried, in order.
  case dataDirectoryNotFound(searched: [String])
  /// A directory given explicitly (`--data` or `DEFT_DATA_DIR`) does not exist.
  case explicitDirectoryMissing(path: String, source: String)
  /// A dataset file is missing inside an existing data directory.
  case fileMissing(path: String, dataset: String)
  case fileUnreadable(path: String, reason: String)
  case invalidUTF8(path: String, line: Int)
  case emptyFile(path: String)
  /// The header line does not have the task's columns.
  case headerMismatch(path: String, expected: [String], found: [String])
  /// A data row with the wrong number of tab-separated columns.
  case malformedRow(path: String, line: Int, expectedColumns: Int, foundColumns: Int)
  /// A class label that is not one of the task's labels.
  case labelOutOfRange(path: String, line: Int, column: Int, expected: [String], found: String)
  /// A regression score that is not a finite number.
  case unparseableScore(path: String, line: Int, column: Int, found: String)
  case unknownTask(name: String, known: [String])
  /// SQuAD JSON that does not have the v1.1 structure; `key` is a path like `data[3].paragraphs[0]`.
  case squadJSON(path: String, key: String, problem: String)
  /// A SQuAD answer whose `answer_start` does not point at its text in the context.
  case squadAnswerMismatch(path: String, questionID: String, answerIndex: Int, answerStart: Int)
  /// A task's train split is missing (QNLI's is not shipped here).
  case missingTrainSplit(path: String, dataset: String)
  /// An option for building a dataset is out of range.
  case invalidOption(String)

  static let downloadHint =
    "Hint: get GLUE with the standard download_glue_data.py script (it writes glue/SST-2/train.tsv, "
    + "glue/CoLA/dev.tsv, glue/MRPC/train.tsv, ...) and SQuAD v1.1 from the official site "
    + "(squad/dev-v1.1.json); put both under one directory and pass it with --data DIR or the "
    + "environment variable DEFT_DATA_DIR."

  public var description: String {
    switch self {
    case .dataDirectoryNotFound(let searched):
      return "no data directory found (searched: \(searched.joined(separator: ", "))). "
        + Self.downloadHint
    case .explicitDirectoryMissing(let path, let source):
      return "data directory '\(path)' (from \(source)) does not exist. " + Self.downloadHint
    case .fileMissing(let path, let dataset):
      return "\(path): \(dataset) file not found. " + Self.downloadHint
    case .fileUnreadable(let path, let reason):
      return "\(path): cannot read file (\(reason)). Hint: check the path and its permissions."
    case .invalidUTF8(let path, let line):
      return "\(path):\(line): not valid UTF-8. Hint: the file must be the original UTF-8 GLUE TSV."
    case .emptyFile(let path):
      return "\(path): file is empty. Hint: the download may be truncated; fetch it again."
    case .headerMismatch(let path, let expected, let found):
      return "\(path):1: header has columns \(found), expected \(expected). "
        + "Hint: is this the right task's file, in the original GLUE TSV form?"
    case .malformedRow(let path, let line, let expected, let found):
      return "\(path):\(line): expected \(expected) tab-separated columns, found \(found). "
        + "Hint: GLUE TSVs are split on tabs only, with no quoting; a CSV export or an edited "
        + "file may have merged or split rows."
    case .labelOutOfRange(let path, let line, let column, let expected, let found):
      return "\(path):\(line): column \(column): label '\(found)' is not one of \(expected). "
        + "Hint: check that the file belongs to this task and is not the unlabelled test split."
    case .unparseableScore(let path, let line, let column, let found):
      return "\(path):\(line): column \(column): score '\(found)' is not a finite number. "
        + "Hint: STS-B scores are decimals such as 3.800."
    case .unknownTask(let name, let known):
      return "unknown task '\(name)', expected one of: \(known.joined(separator: ", "))."
    case .squadJSON(let path, let key, let problem):
      return "\(path): at \(key): \(problem). Hint: expected SQuAD v1.1 JSON "
        + "({\"data\":[{\"title\",\"paragraphs\":[{\"context\",\"qas\":[...]}]}],\"version\"})."
    case .squadAnswerMismatch(let path, let id, let index, let start):
      return "\(path): question \(id): answer \(index) text is not found at answer_start \(start) "
        + "of its context. Hint: the file is corrupt or not the official v1.1 dev set."
    case .missingTrainSplit(let path, let dataset):
      return "\(path): \(dataset) not found (this data directory has no train split for the "
        + "task). Hint: put the task's train.tsv there, or pass --train-from-dev 0.8 to train on "
        + "80% of the dev set and evaluate on the rest."
    case .invalidOption(let message):
      return message
    }
  }
}
