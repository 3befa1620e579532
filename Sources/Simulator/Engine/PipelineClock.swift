/// The array's timing over a sequence of windows (ws, and is with M and N exchanged) or row-group
/// folds (os), as docs/simulator-model.md, "Microarchitecture", specifies; the cycle-stepped
/// reference checks it.
///
/// ws, one bank (SCALE-Sim): a window is loaded (L cycles) only when the previous one has left
/// the array, then streamed: each adds `L + S + R + C − 2`. Double-buffered: the load chain
/// fills behind the stream; the latch into bank w mod 2 waits for the chain and for window w−2 to
/// have left the array; the stream waits for the latch and for the previous stream.
/// os: folds stream back to back (SCALE-Sim: one after the other has drained,
/// `S + R + C − 2` each); double-buffered accumulators let fold f+1 stream right after f as long
/// as its results reach the column bus after f's (`e_{f+1} ≥ e_f + r_f`).
struct PipelineClock {
  let rows: Int
  let columns: Int
  let doubleBuffered: Bool
  private var drainFree = 0
  private var chainFree = 0
  private var streamFree = 0
  private var bankFree = (0, 0)
  private var parity = 0
  private var lastStreamEnd = -1
  private var lastRows = 0
  private(set) var total = 0

  init(rows: Int, columns: Int, doubleBuffered: Bool) {
    self.rows = rows
    self.columns = columns
    self.doubleBuffered = doubleBuffered
  }

  /// Cycles from a stream's first slot entering row 0 to the last partial sum (ws) or the last
  /// MAC (os) leaving the array.
  private var tail: Int { rows + columns - 2 }

  /// A ws window of `stream` slots whose weights take `load` cycles to shift in.
  mutating func addWindow(stream: Int, load: Int) {
    let start: Int
    if doubleBuffered {
      let bank = parity == 0 ? bankFree.0 : bankFree.1
      let latch = max(chainFree + load, bank)
      start = max(latch, streamFree)
      chainFree = latch
      if parity == 0 {
        bankFree.0 = start + stream + tail
      } else {
        bankFree.1 = start + stream + tail
      }
      parity ^= 1
    } else {
      start = drainFree + load
    }
    streamFree = start + stream
    drainFree = start + stream + tail
    total = drainFree
  }

  /// The state the recurrence carries (times), for the periodic jump.
  /// The times the recurrence carries; unused ones shadow `drainFree` so that a uniform shift
  /// is recognised (os: no chain or banks; one bank: no chain).
  private func times(os: Bool) -> (Int, Int, Int, Int, Int) {
    if os { return (drainFree, streamFree, lastStreamEnd, drainFree, drainFree) }
    if !doubleBuffered { return (drainFree, streamFree, drainFree, drainFree, drainFree) }
    return (drainFree, chainFree, streamFree, bankFree.0, bankFree.1)
  }

  private mutating func shift(by d: Int) {
    drainFree += d
    chainFree += d
    streamFree += d
    bankFree.0 += d
    bankFree.1 += d
    lastStreamEnd += d
    total = drainFree
  }

  /// `unit` (ws windows as (stream, load), or os folds as (stream, rows)) repeated `times`
  /// times. Exact and fast: the recurrence is max-plus and additively homogeneous, so once two
  /// consecutive repetitions (of an even number of windows, so the bank parity repeats) shift
  /// every time by the same d, every later one does; the rest is jumped.
  mutating func addRepeated(_ unit: [(Int, Int)], times count: Int, os: Bool) {
    guard !unit.isEmpty, count > 0 else { return }
    let block = unit.count % 2 == 0 || os ? 1 : 2
    var done = 0
    var previous: Bool = false
    var lastShift: Int?
    func run(_ clock: inout PipelineClock) {
      for _ in 0..<block {
        for (a, b) in unit {
          if os {
            clock.addFold(stream: a, groupRows: b)
          } else {
            clock.addWindow(stream: a, load: b)
          }
        }
      }
    }
    var tail = count
    while tail >= block {
      let before = times(os: os)
      run(&self)
      tail -= block
      done += block
      let after = times(os: os)
      let d = after.0 - before.0
      let uniform =
        after.1 - before.1 == d && after.2 - before.2 == d && after.3 - before.3 == d
        && after.4 - before.4 == d
      if uniform, let lastShift, lastShift == d, previous {
        let jumps = tail / block
        shift(by: jumps * d)
        tail -= jumps * block
        break
      }
      previous = true
      lastShift = uniform ? d : nil
    }
    for _ in 0..<tail {
      for (a, b) in unit {
        if os { addFold(stream: a, groupRows: b) } else { addWindow(stream: a, load: b) }
      }
    }
  }

  /// An os fold of `stream` K steps on a row group of `groupRows` tokens.
  mutating func addFold(stream: Int, groupRows: Int) {
    let start: Int
    if doubleBuffered {
      start = max(streamFree, lastStreamEnd + lastRows - stream + 1)
    } else {
      start = drainFree
    }
    streamFree = start + stream
    lastStreamEnd = start + stream - 1
    lastRows = groupRows
    drainFree = start + stream + tail
    total = drainFree
  }
}
