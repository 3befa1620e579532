/// The cycle-stepped reference of docs/simulator-model.md, "Microarchitecture": for small arrays
/// (up to 8 × 8 in the tests), every PE every cycle, activations moving right, partial sums (ws)
/// or weights (os) moving down, weights shifting through the load chain and latched into banks.
/// Tags travel with every operand and are checked where operands meet; the GEMM's values are
/// computed and returned so tests can compare them with A·W. Written from the specification, not
/// from the analytical formulas (`Engine/PipelineClock.swift`, `Engine/ComputeCounts.swift`),
/// which tests require it to equal.
public struct CycleSteppedArray: Sendable {
  public let config: HardwareConfig

  public init(config: HardwareConfig) {
    self.config = config
  }

  /// A run's counts and the GEMM's output.
  public struct Run: Sendable {
    public var counts: ComputeCounts
    public var output: [[Int]]
  }

  /// Runs `a` (M × K activations: zero values are the mask) times `w` (K × N) with M cut into
  /// `tiles` (consecutive token counts summing to M).
  public func run(a: [[Int]], w: [[Int]], tiles: [Int]) -> Run {
    let m = a.count
    let k = w.count
    let n = w.first?.count ?? 0
    precondition(tiles.reduce(0, +) == m, "tiles must cover M")
    var ranges: [Range<Int>] = []
    var start = 0
    for size in tiles {
      ranges.append(start..<start + size)
      start += size
    }
    switch config.peArray.dataflow {
    case .ws:
      let c = config.peArray.columns
      let folds = stride(from: 0, to: n, by: c).map { $0..<min(n, $0 + c) }
      var sim = ReferenceWS(config: config, streamed: a, stationary: w, gateStationary: false)
      let counts = sim.run(tiles: ranges, columnFolds: { _ in folds })
      return Run(counts: counts, output: sim.output)
    case .os:
      var sim = ReferenceOS(config: config, a: a, w: w)
      let counts = sim.run(tiles: ranges)
      return Run(counts: counts, output: sim.output)
    case .is:
      // Inputs stationary: the ws machine on Wᵀ (N × K, streamed) and Aᵀ (K × M, stationary),
      // one streamed tile, column folds of C tokens inside each M tile.
      let c = config.peArray.columns
      let wt = (0..<n).map { j in (0..<k).map { w[$0][j] } }
      let at = (0..<k).map { kk in (0..<m).map { a[$0][kk] } }
      var sim = ReferenceWS(config: config, streamed: wt, stationary: at, gateStationary: true)
      let counts = sim.run(
        tiles: n > 0 ? [0..<n] : [],
        columnFolds: { _ in
          ranges.flatMap { r in
            stride(from: r.lowerBound, to: r.upperBound, by: c).map {
              $0..<min(r.upperBound, $0 + c)
            }
          }
        })
      let output = (0..<m).map { i in (0..<n).map { sim.output[$0][i] } }
      return Run(counts: counts, output: output)
    }
  }
}
