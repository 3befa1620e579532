import Testing
import Training

/// The by-article split of the dev set.
@Suite struct SQuADSplitTests {
  @Test func devSplitKeepsArticlesWhole() throws {
    let dataset = try SQuADFixtures.dev().dataset
    let split = try dataset.split(trainArticleFraction: 0.8)
    #expect(split.trainTitles.count == 38 && split.evaluationTitles.count == 10)
    #expect(Set(split.trainTitles).isDisjoint(with: split.evaluationTitles))
    #expect(Set(split.train.map(\.title)) == Set(split.trainTitles))
    #expect(Set(split.evaluation.map(\.title)) == Set(split.evaluationTitles))
    #expect(split.train.count + split.evaluation.count == dataset.examples.count)
    // File order is kept on both sides.
    let position = Dictionary(
      uniqueKeysWithValues: dataset.examples.enumerated().map { ($1.id, $0) })
    for side in [split.train, split.evaluation] {
      let order = side.compactMap { position[$0.id] }
      #expect(order == order.sorted())
    }
    print(
      "split 0.8 seed 0: train \(split.train.count) questions / \(split.trainTitles.count) "
        + "articles, evaluation \(split.evaluation.count) / \(split.evaluationTitles.count): "
        + split.evaluationTitles.joined(separator: ", "))
  }

  @Test func splitIsDeterministicAndSeeded() throws {
    let dataset = try SQuADFixtures.dev().dataset
    let a = try dataset.split(trainArticleFraction: 0.5)
    #expect(try dataset.split(trainArticleFraction: 0.5) == a)
    #expect(try dataset.split(trainArticleFraction: 0.5, seed: 1).trainTitles != a.trainTitles)
    let all = try dataset.split(trainArticleFraction: 1)
    #expect(all.train == dataset.examples && all.evaluation.isEmpty)
    let none = try dataset.split(trainArticleFraction: 0)
    #expect(none.evaluation == dataset.examples && none.train.isEmpty)
  }

  @Test(arguments: [-0.1, 1.5, Double.nan, Double.infinity])
  func invalidFraction(_ fraction: Double) throws {
    let dataset = try SQuADFixtures.dev().dataset
    #expect(throws: SQuADOptionsError.self) {
      _ = try dataset.split(trainArticleFraction: fraction)
    }
  }
}
