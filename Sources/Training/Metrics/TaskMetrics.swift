/// The metrics of one evaluation, by name, **in percent** (the GLUE leaderboard and official SQuAD
/// script convention: accuracy 89.15, MCC 55.2, Pearson 88.1). Names: `accuracy`, `mcc`, `f1`,
/// `pearson`, `spearman`, `exact_match`.
public struct TaskMetrics: Sendable, Equatable, Codable {
  /// Task name (`sst2`, ..., `squad`).
  public var task: String
  public var valuesPercent: [String: Double]
  /// Examples evaluated.
  public var exampleCount: Int

  public init(task: String, valuesPercent: [String: Double], exampleCount: Int) {
    self.task = task
    self.valuesPercent = valuesPercent
    self.exampleCount = exampleCount
  }

  /// The metric used to compare runs of this task (GLUE's first listed metric).
  public var primaryMetricName: String {
    switch task {
    case GLUETask.cola.rawValue: return "mcc"
    case GLUETask.mrpc.rawValue: return "f1"
    case GLUETask.stsb.rawValue: return "pearson"
    case "squad": return "f1"
    default: return "accuracy"
    }
  }

  public var primaryValuePercent: Double { valuesPercent[primaryMetricName] ?? 0 }

  /// Metric names of a GLUE task, in report order.
  public static func metricNames(for task: GLUETask) -> [String] {
    switch task {
    case .sst2, .rte, .qnli: return ["accuracy"]
    case .cola: return ["mcc"]
    case .mrpc: return ["f1", "accuracy"]
    case .stsb: return ["pearson", "spearman"]
    }
  }

  /// Metrics of a classification task from predicted and gold class indices.
  public static func classification(
    task: GLUETask, predictedClasses: [Int], labels: [Int]
  ) -> TaskMetrics {
    precondition(!task.isRegression, "\(task) is a regression task")
    var values: [String: Double] = [:]
    for name in metricNames(for: task) {
      switch name {
      case "mcc":
        values[name] =
          100
          * ClassificationMetrics.matthewsCorrelation(
            predictions: predictedClasses, labels: labels)
      case "f1":
        values[name] =
          100 * ClassificationMetrics.binaryF1(predictions: predictedClasses, labels: labels)
      default:
        values[name] =
          100 * ClassificationMetrics.accuracy(predictions: predictedClasses, labels: labels)
      }
    }
    return TaskMetrics(task: task.rawValue, valuesPercent: values, exampleCount: labels.count)
  }

  /// Metrics of a regression task (STS-B) from predicted and gold scores.
  public static func regression(
    task: GLUETask, predictedScores: [Float], labels: [Float]
  ) -> TaskMetrics {
    precondition(task.isRegression, "\(task) is not a regression task")
    let x = predictedScores.map(Double.init)
    let y = labels.map(Double.init)
    return TaskMetrics(
      task: task.rawValue,
      valuesPercent: [
        "pearson": 100 * CorrelationMetrics.pearson(x, y),
        "spearman": 100 * CorrelationMetrics.spearman(x, y),
      ], exampleCount: labels.count)
  }

  /// Metrics of a GLUE task from predictions and the examples they belong to (same order).
  public static func glue(
    task: GLUETask, predictions: [ExampleLabel], examples: [Example]
  ) -> TaskMetrics {
    precondition(
      predictions.count == examples.count,
      "\(predictions.count) predictions for \(examples.count) examples")
    if task.isRegression {
      return regression(
        task: task, predictedScores: predictions.map { $0.score ?? .nan },
        labels: examples.map { $0.label.score ?? .nan })
    }
    return classification(
      task: task, predictedClasses: predictions.map { $0.classIndex ?? -1 },
      labels: examples.map { $0.label.classIndex ?? -1 })
  }

  /// SQuAD v1.1 metrics (`exact_match`, `f1`).
  public static func squad(_ score: SQuADScore) -> TaskMetrics {
    TaskMetrics(
      task: "squad",
      valuesPercent: ["exact_match": score.exactMatchPercent, "f1": score.f1Percent],
      exampleCount: score.questionCount)
  }
}
