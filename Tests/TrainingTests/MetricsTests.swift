import Testing
import Training

/// Expected values computed with NumPy/SciPy formulas (see each test).
@Suite struct MetricsTests {
  let predictions = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0]
  let labels = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1]  // TP 5, TN 3, FP 2, FN 2

  @Test func binaryClassification() {
    #expect(ClassificationMetrics.accuracy(predictions: predictions, labels: labels) == 8.0 / 12)
    #expect(ClassificationMetrics.binaryF1(predictions: predictions, labels: labels) == 10.0 / 14)
    // (5·3 − 2·2) / sqrt(7·7·5·5) = 11/35
    let mcc = ClassificationMetrics.matthewsCorrelation(predictions: predictions, labels: labels)
    #expect(abs(mcc - 0.3142857142857143) < 1e-12)
  }

  @Test func degenerateCases() {
    #expect(
      ClassificationMetrics.matthewsCorrelation(predictions: [1, 1, 1], labels: [0, 1, 1]) == 0)
    #expect(ClassificationMetrics.binaryF1(predictions: [0, 0], labels: [0, 0]) == 0)
    #expect(ClassificationMetrics.accuracy(predictions: [], labels: []) == 0)
    #expect(CorrelationMetrics.pearson([1, 1, 1], [1, 2, 3]) == 0)
  }

  @Test func multiclassMatthews() {
    // scikit-learn's multiclass formula evaluated with NumPy: 0.45238095238095238
    let mcc = ClassificationMetrics.matthewsCorrelation(
      predictions: [0, 1, 2, 2, 1, 0, 2, 1], labels: [0, 1, 2, 1, 1, 0, 0, 2])
    #expect(abs(mcc - 0.45238095238095238) < 1e-12)
  }

  let x: [Double] = [0.5, 2.0, 2.0, 3.7, 1.2, 4.9, 4.9, 4.9, 0.0, 2.5]
  let y: [Double] = [0.8, 1.9, 2.4, 3.0, 1.0, 5.0, 4.2, 4.6, 0.4, 3.1]

  @Test func correlations() {
    // scipy.stats.pearsonr / spearmanr
    #expect(abs(CorrelationMetrics.pearson(x, y) - 0.97341742177032042) < 1e-12)
    #expect(abs(CorrelationMetrics.spearman(x, y) - 0.97242277873672844) < 1e-12)
    #expect(CorrelationMetrics.averageRanks(x) == [2, 4.5, 4.5, 7, 3, 9, 9, 9, 1, 6])
  }

  @Test func taskMetricsInPercent() {
    let mrpc = TaskMetrics.classification(
      task: .mrpc, predictedClasses: predictions, labels: labels)
    #expect(Set(mrpc.valuesPercent.keys) == ["f1", "accuracy"])
    #expect(abs((mrpc.valuesPercent["f1"] ?? 0) - 71.42857142857143) < 1e-9)
    #expect(mrpc.primaryMetricName == "f1")
    let cola = TaskMetrics.classification(
      task: .cola, predictedClasses: predictions, labels: labels)
    #expect(Array(cola.valuesPercent.keys) == ["mcc"])
    let sst = TaskMetrics.glue(
      task: .sst2, predictions: predictions.map { .classIndex($0) },
      examples: labels.map { Example(textA: "s", label: .classIndex($0)) })
    #expect(abs((sst.valuesPercent["accuracy"] ?? 0) - 200.0 / 3) < 1e-12)
    let sts = TaskMetrics.regression(
      task: .stsb, predictedScores: x.map(Float.init), labels: y.map(Float.init))
    #expect(abs((sts.valuesPercent["pearson"] ?? 0) - 97.341742177032042) < 1e-4)
    #expect(abs((sts.valuesPercent["spearman"] ?? 0) - 97.242277873672844) < 1e-9)
    let squad = TaskMetrics.squad(
      SQuADScore(exactMatchPercent: 80, f1Percent: 88, questionCount: 10, unansweredCount: 0))
    #expect(squad.valuesPercent == ["exact_match": 80, "f1": 88])
  }
}
