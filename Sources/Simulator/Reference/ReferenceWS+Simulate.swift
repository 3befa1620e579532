extension ReferenceWS {
  /// Steps the array cycle by cycle through `schedule` (windows in stream order).
  mutating func simulate(_ schedule: [Window]) -> ComputeCounts {
    let r = config.peArray.rows
    let c = config.peArray.columns
    let doubleBuffered = config.peArray.overlapFoldFillDrain
    let banks = doubleBuffered ? 2 : 1
    let slots = config.peArray.weightsPerPE
    let gate = config.zeroHandling.mode == .gate
    var counts = ComputeCounts()
    counts.windows = schedule.count
    var act = [[Item?]](repeating: [Item?](repeating: nil, count: c), count: r)
    var psum = [[Packet?]](repeating: [Packet?](repeating: nil, count: c), count: r)
    var bank = [[[[Weight?]]]](
      repeating: [[[Weight?]]](
        repeating: [[Weight?]](repeating: [Weight?](repeating: nil, count: c), count: slots),
        count: r), count: banks)
    var chain = [[Weight?]](repeating: [], count: c)
    var loading: (window: Int, done: Int)?
    var chainFull: Int?
    var nextLoad = 0
    var latched = [Bool](repeating: false, count: schedule.count)
    var streamStart = [Int](repeating: -1, count: schedule.count)
    var nextStream = 0
    var rowZeroFree = 0
    var lastItem = -1
    var t = 0
    func feeder(_ row: Int, _ t: Int) -> Item? {
      var found: Item?
      for w in max(0, nextStream - 2)..<nextStream {
        let x = t - streamStart[w] - row
        if x >= 0 && x < schedule[w].stream.count {
          precondition(found == nil, "two windows feed row \(row) in cycle \(t)")
          found = schedule[w].stream[x][row]
        }
      }
      return found
    }
    while true {
      // The operands in the array this cycle: shifted right, plus the feeders' injections of
      // windows already streaming.
      var next = [[Item?]](repeating: [Item?](repeating: nil, count: c), count: r)
      for i in 0..<r {
        for j in stride(from: c - 1, to: 0, by: -1) { next[i][j] = act[i][j - 1] }
        next[i][0] = feeder(i, t)
      }
      func injecting(_ v: Int) -> Bool {
        streamStart[v] >= 0 && t <= streamStart[v] + schedule[v].stream.count - 1 + r - 1
      }
      func present(_ v: Int) -> Bool { next.contains { $0.contains { $0?.window == v } } }
      /// Bank `w mod banks` is free for window w once the window that used it before has
      /// streamed completely and none of its operands is left in the array.
      func bankFree(_ w: Int) -> Bool {
        let previous = w - banks
        return previous < 0
          || (streamStart[previous] >= 0 && !injecting(previous) && !present(previous))
      }
      // Latch: the chain into bank w mod banks.
      if let w = chainFull, bankFree(w) {
        let b = w % banks
        let used = schedule[w].slotsUsed
        for i in 0..<r {
          for s in 0..<slots {
            for j in 0..<c { bank[b][i][s][j] = s < used ? chain[j][i * used + s] : nil }
          }
        }
        latched[w] = true
        chainFull = nil
      }
      // Load: shift one weight row per cycle into the chain (serial: only into an idle array).
      if loading == nil && chainFull == nil && nextLoad < schedule.count
        && (doubleBuffered || bankFree(nextLoad))
      {
        loading = (nextLoad, 0)
        for j in 0..<c { chain[j] = [] }
        nextLoad += 1
      }
      if let (w, done) = loading {
        let window = schedule[w]
        let length = r * window.slotsUsed
        let p = length - 1 - done
        let (row, slot) = (p / window.slotsUsed, p % window.slotsUsed)
        for j in 0..<c {
          var entry: Weight?
          if j < window.columns.count, let kk = window.position[slot][row],
            window.fetched[slot][row]
          {
            entry = Weight(window: w, k: kk, value: stationary[kk][window.columns.lowerBound + j])
            counts.loaded += 1
          }
          chain[j].insert(entry, at: 0)
        }
        loading = done + 1 == length ? nil : (w, done + 1)
        if loading == nil { chainFull = w }
      }
      // Stream: the next latched window starts once row 0 is free.
      if nextStream < schedule.count && latched[nextStream] && t >= rowZeroFree {
        streamStart[nextStream] = t
        rowZeroFree = t + schedule[nextStream].stream.count
        nextStream += 1
        for i in 0..<r where i == 0 { next[i][0] = feeder(i, t) }
      }
      for i in 0..<r where next[i][0]?.value != nil { counts.injected += 1 }
      // Partial sums: new packets at row 0, the others one row down; tags must match.
      var sums = [[Packet?]](repeating: [Packet?](repeating: nil, count: c), count: r)
      for j in 0..<c {
        sums[0][j] = next[0][j].map { Packet(window: $0.window, slot: $0.slot, value: 0) }
        for i in 1..<max(r, 1) { sums[i][j] = psum[i - 1][j] }
      }
      for i in 0..<r {
        for j in 0..<c {
          let item = next[i][j]
          let packet = sums[i][j]
          precondition(
            item?.window == packet?.window && item?.slot == packet?.slot,
            "operand and partial sum misaligned at PE(\(i),\(j)) in cycle \(t)")
          guard let item, let value = item.value, j < schedule[item.window].columns.count else {
            continue
          }
          guard let weight = bank[item.window % banks][i][item.weightSlot][j],
            weight.window == item.window, weight.k == item.k
          else {
            preconditionFailure("PE(\(i),\(j)) lacks the weight of k=\(item.k) in cycle \(t)")
          }
          sums[i][j]?.value += value * weight.value
          let zero = gateStationary ? weight.value == 0 : value == 0
          if gate && zero { counts.macsGated += 1 } else { counts.macsComputed += 1 }
        }
      }
      for j in 0..<c {
        guard let packet = sums[r - 1][j], let item = next[r - 1][j],
          j < schedule[item.window].columns.count
        else { continue }
        output[item.token][schedule[item.window].columns.lowerBound + j] += packet.value
        if item.lastOfToken { counts.accumulatorWrites += 1 }
      }
      act = next
      psum = sums
      if !next.allSatisfy({ $0.allSatisfy { $0 == nil } }) { lastItem = t }
      if nextStream == schedule.count && (nextStream == 0 || !injecting(nextStream - 1))
        && next.allSatisfy({ $0.allSatisfy { $0 == nil } })
      {
        break
      }
      t += 1
    }
    counts.cycles = lastItem + 1
    return counts
  }
}
