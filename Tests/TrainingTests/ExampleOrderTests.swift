import Testing
import Training

@Suite struct ExampleOrderTests {
  @Test func permutationsAreSeededAndComplete() {
    let a = ExampleOrder.permutation(count: 1000, seed: 42)
    #expect(a == ExampleOrder.permutation(count: 1000, seed: 42))
    #expect(a != ExampleOrder.permutation(count: 1000, seed: 43))
    #expect(a.sorted() == Array(0..<1000))
    #expect(a != Array(0..<1000))
    let e0 = ExampleOrder.epochPermutation(count: 50, seed: 1, epoch: 0)
    let e1 = ExampleOrder.epochPermutation(count: 50, seed: 1, epoch: 1)
    #expect(e0 != e1 && e1.sorted() == Array(0..<50))
    #expect(ExampleOrder.permutation(count: 0, seed: 1).isEmpty)
  }

  /// Pinned values: the order must not change between Swift versions or platforms.
  @Test func pinnedOrder() {
    #expect(ExampleOrder.permutation(count: 8, seed: 2024) == PinnedOrder.seed2024count8)
  }

  @Test func limitsAndBatches() {
    let items = Array(0..<10)
    #expect(ExampleOrder.limited(items, to: 3) == [0, 1, 2])
    #expect(ExampleOrder.limited(items, to: nil) == items)
    #expect(ExampleOrder.limited(items, to: 20) == items)
    let subset = ExampleOrder.subset(items, limit: 4, seed: 7)
    #expect(subset.count == 4 && Set(subset).count == 4)
    #expect(subset == ExampleOrder.subset(items, limit: 4, seed: 7))
    #expect(ExampleOrder.subset(items, limit: 4, seed: nil) == [0, 1, 2, 3])
    let batches = ExampleOrder.batches(items, batchSize: 4)
    #expect(batches.map(Array.init) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    #expect(ExampleOrder.batches(items, batchSize: 4, dropLast: true).count == 2)
  }
}

/// Produced by an independent Python implementation of SplitMix64 + Lemire + Fisher–Yates.
enum PinnedOrder {
  static let seed2024count8 = [2, 7, 5, 3, 6, 1, 0, 4]
}
