/// Classification metrics as fractions (0...1, MCC in -1...1), matching scikit-learn.
public enum ClassificationMetrics {
  /// Fraction of predictions equal to their label (0 for no examples).
  public static func accuracy(predictions: [Int], labels: [Int]) -> Double {
    precondition(
      predictions.count == labels.count,
      "accuracy: \(predictions.count) predictions vs \(labels.count) labels")
    guard !labels.isEmpty else { return 0 }
    var correct = 0
    for i in labels.indices where predictions[i] == labels[i] { correct += 1 }
    return Double(correct) / Double(labels.count)
  }

  /// Counts of a binary confusion matrix with `positive` as the positive class.
  public struct BinaryCounts: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0
  }

  public static func binaryCounts(
    predictions: [Int], labels: [Int], positive: Int = 1
  ) -> BinaryCounts {
    precondition(
      predictions.count == labels.count,
      "binaryCounts: \(predictions.count) predictions vs \(labels.count) labels")
    var c = BinaryCounts()
    for i in labels.indices {
      switch (predictions[i] == positive, labels[i] == positive) {
      case (true, true): c.truePositives += 1
      case (true, false): c.falsePositives += 1
      case (false, false): c.trueNegatives += 1
      case (false, true): c.falseNegatives += 1
      }
    }
    return c
  }

  /// F1 of the positive class: `2·TP / (2·TP + FP + FN)`; 0 when that denominator is 0
  /// (scikit-learn's `zero_division=0`).
  public static func binaryF1(predictions: [Int], labels: [Int], positive: Int = 1) -> Double {
    let c = binaryCounts(predictions: predictions, labels: labels, positive: positive)
    let denominator = 2 * c.truePositives + c.falsePositives + c.falseNegatives
    return denominator == 0 ? 0 : Double(2 * c.truePositives) / Double(denominator)
  }

  /// Matthews correlation coefficient for any number of classes (scikit-learn's multiclass
  /// formula, which equals `(TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))` for two);
  /// 0 when the denominator is 0, as scikit-learn returns.
  public static func matthewsCorrelation(predictions: [Int], labels: [Int]) -> Double {
    precondition(
      predictions.count == labels.count,
      "matthewsCorrelation: \(predictions.count) predictions vs \(labels.count) labels")
    var predictedCounts: [Int: Double] = [:]
    var trueCounts: [Int: Double] = [:]
    var correct = 0.0
    for i in labels.indices {
      predictedCounts[predictions[i], default: 0] += 1
      trueCounts[labels[i], default: 0] += 1
      if predictions[i] == labels[i] { correct += 1 }
    }
    let n = Double(labels.count)
    var pk = 0.0
    // Sum in sorted class order: dictionary order varies between processes.
    var pp = 0.0
    for k in predictedCounts.keys.sorted() {
      let p = predictedCounts[k] ?? 0
      pk += p * (trueCounts[k] ?? 0)
      pp += p * p
    }
    var tt = 0.0
    for k in trueCounts.keys.sorted() { tt += (trueCounts[k] ?? 0) * (trueCounts[k] ?? 0) }
    let covariance = correct * n - pk
    let denominator = ((n * n - pp) * (n * n - tt)).squareRoot()
    return denominator == 0 ? 0 : covariance / denominator
  }
}
