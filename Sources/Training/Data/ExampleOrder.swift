import TensorCore

/// Seeded, portable example ordering: shuffles, limits and epoch permutations that give the same
/// result on every platform and Swift version (no use of the system generator or of
/// `Int.random(in:)`, whose algorithm is not specified).
public enum ExampleOrder {
  /// The first `limit` items (all of them when `limit` is nil or not smaller than the count).
  public static func limited<T>(_ items: [T], to limit: Int?) -> [T] {
    guard let limit, limit < items.count else { return items }
    precondition(limit >= 0, "limit must be >= 0, got \(limit)")
    return Array(items[..<limit])
  }

  /// A seeded Fisher–Yates permutation of `0..<count`.
  public static func permutation(count: Int, seed: UInt64) -> [Int] {
    precondition(count >= 0, "count must be >= 0, got \(count)")
    var generator = ShuffleGenerator(seed: seed)
    var order = Array(0..<count)
    var i = count - 1
    while i > 0 {
      let j = Int(generator.next(below: UInt64(i + 1)))
      order.swapAt(i, j)
      i -= 1
    }
    return order
  }

  /// The order of epoch `epoch` (0-based): a permutation derived from `seed` and the epoch, so
  /// resuming at any epoch reproduces the order without replaying earlier ones.
  public static func epochPermutation(count: Int, seed: UInt64, epoch: Int) -> [Int] {
    permutation(count: count, seed: ShuffleGenerator.derivedSeed(seed, label: UInt64(epoch) + 1))
  }

  /// `items` in a seeded random order.
  public static func shuffled<T>(_ items: [T], seed: UInt64) -> [T] {
    permutation(count: items.count, seed: seed).map { items[$0] }
  }

  /// `--train-limit` / `--eval-limit` semantics: with a seed, a seeded random subset of `limit`
  /// items (in shuffled order); without one, the first `limit` items in file order.
  public static func subset<T>(_ items: [T], limit: Int?, seed: UInt64?) -> [T] {
    guard let seed else { return limited(items, to: limit) }
    return limited(shuffled(items, seed: seed), to: limit)
  }

  /// Consecutive batches of `batchSize` indices of `order`; the last batch is shorter unless
  /// `dropLast` removes it.
  public static func batches(
    _ order: [Int], batchSize: Int, dropLast: Bool = false
  ) -> [ArraySlice<Int>] {
    precondition(batchSize > 0, "batchSize must be > 0, got \(batchSize)")
    var result: [ArraySlice<Int>] = []
    var start = 0
    while start < order.count {
      let end = min(start + batchSize, order.count)
      if end - start < batchSize && dropLast { break }
      result.append(order[start..<end])
      start = end
    }
    return result
  }
}

/// SplitMix64 with unbiased bounded integers (rejection sampling), for the data pipeline.
struct ShuffleGenerator {
  private var generator: SplitMix64

  init(seed: UInt64) { generator = SplitMix64(seed: seed) }

  mutating func next() -> UInt64 { generator.next() }

  /// Uniform in `0..<bound` without modulo bias (Lemire's multiply-shift with rejection).
  mutating func next(below bound: UInt64) -> UInt64 {
    precondition(bound > 0, "bound must be > 0")
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
    }
    return product.high
  }

  static func derivedSeed(_ seed: UInt64, label: UInt64) -> UInt64 {
    var generator = ShuffleGenerator(seed: seed ^ (label &* 0xD1B5_4A32_D192_ED03))
    return generator.next()
  }
}
