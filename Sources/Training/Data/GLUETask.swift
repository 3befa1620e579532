/// A split of a GLUE task.
public enum DatasetSplit: String, Sendable, CaseIterable {
  case train, dev
}

/// The GLUE tasks deft-sim reads, with the layout of their original TSV files
/// (`download_glue_data.py` output).
public enum GLUETask: String, Sendable, CaseIterable, Codable {
  case sst2, cola, mrpc, rte, qnli, stsb

  /// Parses a task name case-insensitively, with or without the dash (`sst2`, `SST-2`, `sts-b`).
  public init(parsing name: String) throws(DatasetError) {
    let key = name.lowercased().replacingOccurrences(of: "-", with: "")
    guard let task = GLUETask(rawValue: key) else {
      throw .unknownTask(name: name, known: GLUETask.allCases.map(\.rawValue))
    }
    self = task
  }

  /// Directory under `glue/`.
  public var directoryName: String {
    switch self {
    case .sst2: return "SST-2"
    case .cola: return "CoLA"
    case .mrpc: return "MRPC"
    case .rte: return "RTE"
    case .qnli: return "QNLI"
    case .stsb: return "STS-B"
    }
  }

  /// The file of `split` relative to the data directory, e.g. `glue/SST-2/dev.tsv`.
  public func relativePath(_ split: DatasetSplit) -> String {
    "glue/\(directoryName)/\(split.rawValue).tsv"
  }

  /// Header columns; `nil` for CoLA, whose files have no header line.
  public var headerColumns: [String]? {
    switch self {
    case .sst2: return ["sentence", "label"]
    case .cola: return nil
    case .mrpc: return ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
    case .rte: return ["index", "sentence1", "sentence2", "label"]
    case .qnli: return ["index", "question", "sentence", "label"]
    case .stsb:
      return [
        "index", "genre", "filename", "year", "old_index", "source1", "source2", "sentence1",
        "sentence2", "score",
      ]
    }
  }

  /// Number of tab-separated columns in every row.
  public var columnCount: Int {
    switch self {
    case .sst2: return 2
    case .cola, .rte, .qnli: return 4
    case .mrpc: return 5
    case .stsb: return 10
    }
  }

  /// 0-based column indices of the first text, the optional second text and the label.
  public var textAColumn: Int {
    switch self {
    case .sst2: return 0
    case .cola: return 3
    case .mrpc: return 3
    case .rte, .qnli: return 1
    case .stsb: return 7
    }
  }

  public var textBColumn: Int? {
    switch self {
    case .sst2, .cola: return nil
    case .mrpc: return 4
    case .rte, .qnli: return 2
    case .stsb: return 8
    }
  }

  public var labelColumn: Int {
    switch self {
    case .sst2: return 1
    case .cola: return 1
    case .mrpc: return 0
    case .rte, .qnli: return 3
    case .stsb: return 9
    }
  }

  /// Whether the label is a real-valued score (STS-B) rather than a class.
  public var isRegression: Bool { self == .stsb }

  /// The label strings in class-index order (empty for regression). RTE and QNLI follow the
  /// Hugging Face convention: `entailment` = 0, `not_entailment` = 1.
  public var labelNames: [String] {
    switch self {
    case .sst2, .cola, .mrpc: return ["0", "1"]
    case .rte, .qnli: return ["entailment", "not_entailment"]
    case .stsb: return []
    }
  }

  /// Outputs of the task head: the number of classes, or 1 for regression.
  public var outputCount: Int { isRegression ? 1 : labelNames.count }
}

extension GLUETask {
  /// The valid range of a regression score (STS-B similarity, 0 to 5).
  public var scoreRange: ClosedRange<Float> { 0...5 }
}
