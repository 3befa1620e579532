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
      if parity == 0 { bankFree.0 = start + stream + tail } else { bankFree.1 = start + stream + tail }
      parity ^= 1
    } else {
      start = drainFree + load
    }
    streamFree = start + stream
    drainFree = start + stream + tail
    total = drainFree
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
