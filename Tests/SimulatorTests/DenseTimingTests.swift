import Simulator
import Testing

/// The SCALE-Sim formulas of simulator.md, written out independently of the engine.
private func expected(m: Int, k: Int, n: Int, r: Int, c: Int, dataflow: Dataflow)
  -> (cycles: Int, ifmap: Int, filter: Int, ofmap: Int)
{
  func up(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
  switch dataflow {
  case .ws:
    return (up(k, r) * up(n, c) * (2 * r + c + m - 2), m * k * up(n, c), k * n, m * n * up(k, r))
  case .os:
    return (up(m, r) * up(n, c) * (r + c + k - 2), m * k * up(n, c), k * n * up(m, r), m * n)
  case .is:
    return (up(k, r) * up(m, c) * (2 * r + c + n - 2), m * k, k * n * up(m, c), m * n * up(k, r))
  }
}

private let shapes: [(m: Int, k: Int, n: Int)] = [
  (1, 1, 1), (3, 6, 5), (4, 4, 4), (7, 13, 9), (25, 384, 1152), (25, 1536, 384), (25, 32, 85),
  (31, 33, 65), (64, 64, 64), (100, 17, 3), (128, 384, 384), (2, 1000, 7), (33, 1, 129),
]
private let arrays: [(r: Int, c: Int)] = [(4, 4), (8, 4), (32, 32), (16, 64), (3, 5), (128, 128)]

@Test(arguments: Dataflow.allCases)
func denseCountsEqualScaleSimFormulas(dataflow: Dataflow) {
  for shape in shapes {
    for array in arrays {
      let counts = SystolicTiming.dense(
        m: shape.m, k: shape.k, n: shape.n,
        array: PEArray(rows: array.r, columns: array.c, dataflow: dataflow))
      let want = expected(
        m: shape.m, k: shape.k, n: shape.n, r: array.r, c: array.c, dataflow: dataflow)
      #expect(counts.computeCycles == want.cycles, "\(dataflow) \(shape) on \(array)")
      #expect(counts.ifmapReadWords == want.ifmap, "\(dataflow) \(shape) on \(array)")
      #expect(counts.filterReadWords == want.filter, "\(dataflow) \(shape) on \(array)")
      #expect(counts.ofmapWriteWords == want.ofmap, "\(dataflow) \(shape) on \(array)")
    }
  }
}

/// Literal values worked by hand (see the doc comment of `SystolicCounts`).
@Test func denseHandWorkedValues() {
  let ws = SystolicTiming.dense(
    m: 3, k: 6, n: 5, array: PEArray(rows: 4, columns: 4, dataflow: .ws))
  #expect(ws.folds == 4 && ws.cyclesPerFold == 13 && ws.computeCycles == 52)
  #expect(ws.ifmapReadWords == 36 && ws.filterReadWords == 30 && ws.ofmapWriteWords == 30)
  let os = SystolicTiming.dense(
    m: 3, k: 6, n: 5, array: PEArray(rows: 4, columns: 4, dataflow: .os))
  #expect(os.folds == 2 && os.cyclesPerFold == 12 && os.computeCycles == 24)
  let inputStationary = SystolicTiming.dense(
    m: 3, k: 6, n: 5, array: PEArray(rows: 4, columns: 4, dataflow: .is))
  #expect(inputStationary.folds == 2 && inputStationary.cyclesPerFold == 15)
}

/// The dense GEMM counts of the engine (bytes at int8) equal the formulas too, in the
/// SCALE-Sim-compatible mapping (`mapping.model` "scale-sim").
@Test(arguments: Dataflow.allCases)
func engineDenseGEMMUsesFormulas(dataflow: Dataflow) {
  let config = makeConfig(rows: 8, columns: 4, dataflow: dataflow, scaleSim: true)
  for shape in shapes {
    let counts = GEMMCostModel.dense(
      GEMMShape(name: "g", m: shape.m, k: shape.k, n: shape.n), config: config)
    let want = expected(m: shape.m, k: shape.k, n: shape.n, r: 8, c: 4, dataflow: dataflow)
    #expect(counts.computeCycles == want.cycles)
    #expect(counts.sramIfmapReadBytes == want.ifmap)
    #expect(counts.sramFilterReadBytes == want.filter)
    #expect(counts.sramOfmapWriteBytes == want.ofmap)
    #expect(counts.macsComputed == shape.m * shape.k * shape.n)
  }
}

@Test func overlapFoldFillDrainNeverCostsMore() {
  for dataflow in Dataflow.allCases {
    for shape in shapes {
      let plain = PEArray(rows: 8, columns: 8, dataflow: dataflow)
      var overlapped = plain
      overlapped.overlapFoldFillDrain = true
      let a = SystolicTiming.dense(m: shape.m, k: shape.k, n: shape.n, array: plain)
      let b = SystolicTiming.dense(m: shape.m, k: shape.k, n: shape.n, array: overlapped)
      #expect(b.computeCycles <= a.computeCycles)
      #expect(b.ifmapReadWords == a.ifmapReadWords)
    }
  }
}
