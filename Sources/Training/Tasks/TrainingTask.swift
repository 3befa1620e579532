import Model

/// A task deft-sim fine-tunes on: a GLUE task or SQuAD v1.1 span extraction.
public enum TrainingTask: Sendable, Equatable, Hashable, CustomStringConvertible {
  case glue(GLUETask)
  case squad

  /// `sst2`, `cola`, `mrpc`, `rte`, `qnli`, `stsb` (case and dashes ignored) or `squad`.
  public init(parsing name: String) throws(DatasetError) {
    if name.lowercased() == "squad" {
      self = .squad
      return
    }
    do throws(DatasetError) {
      self = .glue(try GLUETask(parsing: name))
    } catch {
      throw .unknownTask(name: name, known: GLUETask.allCases.map(\.rawValue) + ["squad"])
    }
  }

  public var name: String {
    switch self {
    case .glue(let task): return task.rawValue
    case .squad: return "squad"
    }
  }

  public var description: String { name }

  /// What the head predicts.
  public var headKind: HeadKind {
    switch self {
    case .glue(let task):
      return task.isRegression ? .regression : .classification(classes: task.labelNames.count)
    case .squad: return .span
    }
  }

  /// The default maximum sequence length (tokens): 64 for GLUE sentences, 384 for SQuAD.
  public var defaultMaxLength: Int { self == .squad ? 384 : 64 }
}

/// The output a task's head produces.
public enum HeadKind: Sendable, Equatable, Hashable {
  case classification(classes: Int)
  case regression
  case span
}

/// What one training example should produce.
public enum TrainingTarget: Sendable, Equatable, Hashable {
  case classIndex(Int)
  case score(Float)
  /// Start and end token positions in the encoding (0 = `[CLS]`: no answer in this window).
  case span(start: Int, end: Int)
}

/// A tokenised example with its target.
public struct TrainingExample: Sendable, Equatable {
  public var encoding: Encoding
  public var target: TrainingTarget

  public init(encoding: Encoding, target: TrainingTarget) {
    self.encoding = encoding
    self.target = target
  }
}
