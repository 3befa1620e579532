import Sweep
import Testing

/// The Pareto front on small hand-checked sets.
struct ParetoFrontTests {
  @Test func handCheckedTwoObjectives() {
    // (latency, area): p0 (10, 5), p1 (8, 6), p2 (12, 4), p3 (9, 7) dominated by p1,
    // p4 (10, 5) equal to p0 (both stay), p5 (11, 5) dominated by p0.
    let vectors: [[Double]] = [[10, 5], [8, 6], [12, 4], [9, 7], [10, 5], [11, 5]]
    #expect(ParetoFront.indices(vectors, senses: [.minimise, .minimise]) == [0, 1, 2, 4])
  }

  @Test func maximisedObjective() {
    // (speedup ↑, area ↓): a (1.2, 8), b (1.1, 6), c (1.0, 7) dominated by b, d (1.3, 10).
    let vectors: [[Double]] = [[1.2, 8], [1.1, 6], [1.0, 7], [1.3, 10]]
    #expect(ParetoFront.indices(vectors, senses: [.maximise, .minimise]) == [0, 1, 3])
  }

  @Test func threeObjectives() {
    // Latency, energy, area: p2 is worse than p0 in all three; p1 and p3 trade off.
    let vectors: [[Double]] = [[1, 1, 3], [2, 1, 1], [2, 2, 4], [1, 3, 1]]
    #expect(
      ParetoFront.indices(vectors, senses: [.minimise, .minimise, .minimise]) == [0, 1, 3])
  }

  @Test func bruteForceAgrees() {
    var state: UInt64 = 7
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double((state >> 33) % 20)
    }
    for _ in 0..<50 {
      let vectors = (0..<40).map { _ in [next(), next(), next()] }
      let expected = vectors.indices.filter { i in
        !vectors.indices.contains { j in ParetoFront.dominates(vectors[j], vectors[i]) }
      }
      #expect(ParetoFront.indices(vectors, senses: [.minimise, .minimise, .minimise]) == expected)
    }
  }
}
