/// The output-stationary machine of the cycle-stepped reference (docs/simulator-model.md,
/// "Microarchitecture", os): row i of a group receives `A[m_i][k]` skewed by i, column j
/// receives `W[k][n_j]` skewed by j, both carry the stream position as a tag; each PE
/// accumulates its own output and hands it to its column's result bus after its last operand.
struct ReferenceOS {
  let config: HardwareConfig
  let a: [[Int]]
  let w: [[Int]]
  private(set) var output: [[Int]]

  struct Fold {
    var tokens: [Int]  // row i → token
    var columns: Range<Int>
    var ks: [Int]  // the stream: K indices in order
  }

  struct Operand {
    var fold: Int
    var x: Int
    var value: Int
    var gated: Bool
  }

  init(config: HardwareConfig, a: [[Int]], w: [[Int]]) {
    self.config = config
    self.a = a
    self.w = w
    output = a.map { _ in [Int](repeating: 0, count: w.first?.count ?? 0) }
  }

  mutating func run(tiles: [Range<Int>]) -> ComputeCounts {
    let r = config.peArray.rows
    let c = config.peArray.columns
    let k = w.count
    let n = w.first?.count ?? 0
    let skip = config.zeroHandling.mode == .skip
    let gate = config.zeroHandling.mode == .gate
    let g = skip ? config.zeroHandling.granularityUnits : 1
    func blockNonZero(_ token: Int, _ unit: Int) -> Bool {
      let b = unit / g
      return (b * g..<min(k, b * g + g)).contains { a[token][$0] != 0 }
    }
    var folds: [Fold] = []
    for tile in tiles {
      for n0 in stride(from: 0, to: n, by: c) {
        for start in stride(from: tile.lowerBound, to: tile.upperBound, by: r) {
          let tokens = Array(start..<min(tile.upperBound, start + r))
          let ks = (0..<k).filter { kk in !skip || tokens.contains { blockNonZero($0, kk) } }
          if ks.isEmpty { continue }
          folds.append(Fold(tokens: tokens, columns: n0..<min(n, n0 + c), ks: ks))
        }
      }
    }
    var counts = ComputeCounts()
    counts.windows = folds.count
    let doubleBuffered = config.peArray.overlapFoldFillDrain
    var left = [[Operand?]](repeating: [Operand?](repeating: nil, count: c), count: r)
    var top = [[Operand?]](repeating: [Operand?](repeating: nil, count: c), count: r)
    var accumulator = [[Int]](repeating: [Int](repeating: 0, count: c), count: r)
    var busReads = [Set<Int>](repeating: [], count: c)
    var starts = [Int](repeating: -1, count: folds.count)
    var next = 0
    var lastItem = -1
    var t = 0
    while true {
      // Controller: the next fold starts when the ports are free and (double-buffered) its
      // results will reach the column bus after the previous fold's, else (one accumulator)
      // when the previous fold has left the array.
      if next < folds.count {
        var ready = true
        if next > 0 {
          let p = folds[next - 1]
          let end = starts[next - 1] + p.ks.count - 1
          if doubleBuffered {
            ready = t > end && t + folds[next].ks.count - 1 >= end + p.tokens.count
          } else {
            ready = t > end + (r - 1) + (c - 1)
          }
        }
        if ready {
          starts[next] = t
          next += 1
        }
      }
      var newLeft = [[Operand?]](repeating: [Operand?](repeating: nil, count: c), count: r)
      var newTop = [[Operand?]](repeating: [Operand?](repeating: nil, count: c), count: r)
      for i in 0..<r {
        for j in stride(from: c - 1, to: 0, by: -1) { newLeft[i][j] = left[i][j - 1] }
      }
      for j in 0..<c {
        for i in stride(from: r - 1, to: 0, by: -1) { newTop[i][j] = top[i - 1][j] }
      }
      for f in 0..<next where t <= starts[f] + folds[f].ks.count + r + c {
        let fold = folds[f]
        for i in 0..<r {
          let x = t - starts[f] - i
          guard x >= 0 && x < fold.ks.count, i < fold.tokens.count else { continue }
          let token = fold.tokens[i]
          let kk = fold.ks[x]
          let needed = !skip || blockNonZero(token, kk)
          newLeft[i][0] = Operand(fold: f, x: x, value: needed ? a[token][kk] : 0, gated: !needed)
          if needed { counts.injected += 1 }
        }
        for j in 0..<c {
          let x = t - starts[f] - j
          guard x >= 0 && x < fold.ks.count else { continue }
          let value = j < fold.columns.count ? w[fold.ks[x]][fold.columns.lowerBound + j] : 0
          newTop[0][j] = Operand(fold: f, x: x, value: value, gated: false)
          if j < fold.columns.count { counts.loaded += 1 }
        }
      }
      for i in 0..<r {
        for j in 0..<c {
          guard let act = newLeft[i][j] else { continue }
          guard let weight = newTop[i][j], weight.fold == act.fold, weight.x == act.x else {
            preconditionFailure("os operands misaligned at PE(\(i),\(j)) in cycle \(t)")
          }
          let fold = folds[act.fold]
          guard j < fold.columns.count else { continue }
          if act.x == 0 { accumulator[i][j] = 0 }
          accumulator[i][j] += act.value * weight.value
          if act.gated || (gate && act.value == 0) {
            counts.macsGated += 1
          } else {
            counts.macsComputed += 1
          }
          if act.x == fold.ks.count - 1 {
            output[fold.tokens[i]][fold.columns.lowerBound + j] = accumulator[i][j]
            counts.accumulatorWrites += 1
            precondition(busReads[j].insert(t + 1).inserted, "column \(j) bus conflict at \(t + 1)")
          }
        }
      }
      left = newLeft
      top = newTop
      let busy =
        newLeft.contains { $0.contains { $0 != nil } }
        || newTop.contains { $0.contains { $0 != nil } }
      if busy { lastItem = t }
      if next == folds.count && !busy
        && (next == 0 || t > starts[next - 1] + folds[next - 1].ks.count + r + c)
      {
        break
      }
      t += 1
    }
    counts.cycles = lastItem + 1
    return counts
  }
}
