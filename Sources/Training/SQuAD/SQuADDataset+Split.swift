/// Examples of a SQuAD set divided by article: every article's questions are all on one side.
public struct SQuADSplit: Sendable, Equatable {
  /// Training examples, in file order.
  public var train: [SQuADExample]
  /// Evaluation examples, in file order.
  public var evaluation: [SQuADExample]
  /// Titles of the training articles, in file order.
  public var trainTitles: [String]
  /// Titles of the evaluation articles, in file order.
  public var evaluationTitles: [String]
}

extension SQuADDataset {
  /// A deterministic split by article, for training on part of the dev set (train-v1.1.json is
  /// not available) and evaluating on the rest.
  ///
  /// Articles are the runs of examples with the same title (the file's articles). They are put
  /// in the seeded order `ExampleOrder.permutation(count: articles, seed: seed)`; the first
  /// `round(trainArticleFraction × articles)` go to training, the others to evaluation. The
  /// same dataset, fraction and seed always give the same split, independent of any training
  /// seed. Examples keep their file order on both sides.
  public func split(trainArticleFraction: Double, seed: UInt64 = 0) throws(SQuADOptionsError)
    -> SQuADSplit
  {
    guard trainArticleFraction.isFinite, (0...1).contains(trainArticleFraction) else {
      throw .splitFraction(found: trainArticleFraction)
    }
    var titles: [String] = []
    var articleOfExample: [Int] = []
    articleOfExample.reserveCapacity(examples.count)
    for example in examples {
      if titles.last != example.title { titles.append(example.title) }
      articleOfExample.append(titles.count - 1)
    }
    let trainCount = Int((trainArticleFraction * Double(titles.count)).rounded())
    var isTrain = [Bool](repeating: false, count: titles.count)
    for article in ExampleOrder.permutation(count: titles.count, seed: seed).prefix(trainCount) {
      isTrain[article] = true
    }
    var result = SQuADSplit(train: [], evaluation: [], trainTitles: [], evaluationTitles: [])
    for (example, article) in zip(examples, articleOfExample) {
      if isTrain[article] {
        result.train.append(example)
      } else {
        result.evaluation.append(example)
      }
    }
    for (article, title) in titles.enumerated() {
      if isTrain[article] {
        result.trainTitles.append(title)
      } else {
        result.evaluationTitles.append(title)
      }
    }
    return result
  }
}
