/// The weight-stationary machine of the cycle-stepped reference (docs/simulator-model.md,
/// "Microarchitecture", ws). See ``CycleSteppedArray``.
struct ReferenceWS {
  let config: HardwareConfig
  let streamed: [[Int]]
  let stationary: [[Int]]
  /// Gate on a zero stationary operand (is: the activations are stationary).
  let gateStationary: Bool
  var output: [[Int]]

  /// A value fed into one array row for one slot: `value` nil is a bubble (the tag still
  /// travels so that partial sums stay aligned).
  struct Item {
    var window: Int
    var slot: Int  // index of the slot in the window's stream
    var token: Int
    var value: Int?
    var weightSlot: Int
    var k: Int
    var lastOfToken: Bool
  }

  struct Packet {
    var window: Int
    var slot: Int
    var value: Int
  }

  struct Weight {
    var window: Int
    var k: Int
    var value: Int
  }

  /// One window of the schedule: its column range, weight positions and stream.
  struct Window {
    var columns: Range<Int>
    var slotsUsed: Int
    /// `position[slot][row]`: the K index held there (nil: no weight).
    var position: [[Int?]]
    /// Whether the loader reads that weight (under skip only the tile's union rows).
    var fetched: [[Bool]]
    /// Per stream slot, per row: the item.
    var stream: [[Item]]
  }

  init(config: HardwareConfig, streamed: [[Int]], stationary: [[Int]], gateStationary: Bool) {
    self.config = config
    self.streamed = streamed
    self.stationary = stationary
    self.gateStationary = gateStationary
    output = streamed.map { _ in [Int](repeating: 0, count: stationary.first?.count ?? 0) }
  }

  mutating func run(tiles: [Range<Int>], columnFolds: (Range<Int>) -> [Range<Int>]) -> ComputeCounts
  {
    var schedule: [Window] = []
    for tile in tiles {
      let layouts = windowsOfTile(tile)
      for columns in columnFolds(tile) {
        for var window in layouts {
          window.columns = columns
          let id = schedule.count
          for x in window.stream.indices {
            for i in window.stream[x].indices { window.stream[x][i].window = id }
          }
          schedule.append(window)
        }
      }
    }
    return simulate(schedule)
  }

  /// The windows of one tile of streamed rows, without their column range.
  private func windowsOfTile(_ tile: Range<Int>) -> [Window] {
    let r = config.peArray.rows
    let k = stationary.count
    let skip = config.zeroHandling.mode == .skip && !gateStationary
    let layout = WindowLayout(config: config, skipping: skip)
    let g = layout.granularity
    let blocks = (k + g - 1) / g
    func nonZero(_ token: Int, _ block: Int) -> Bool {
      (block * g..<min(k, block * g + g)).contains { streamed[token][$0] != 0 }
    }
    let union = (0..<blocks).filter { b in tile.contains { nonZero($0, b) } }
    let order = skip && config.zeroHandling.foldCompaction ? union : Array(0..<blocks)
    var result: [Window] = []
    for start in stride(from: 0, to: order.count, by: layout.capacity) {
      let members = Array(order[start..<min(order.count, start + layout.capacity)])
      if skip && !members.contains(where: { union.contains($0) }) { continue }
      let slots = layout.slotsUsed(blocks: members.count)
      var position = [[Int?]](repeating: [Int?](repeating: nil, count: r), count: slots)
      var fetched = [[Bool]](repeating: [Bool](repeating: false, count: r), count: slots)
      var rowsOfBlock: [[(row: Int, slot: Int, k: Int)]] = []
      for (q, b) in members.enumerated() {
        let lane = layout.lane(ofPosition: q)
        let slot = layout.slot(ofPosition: q)
        var rows: [(Int, Int, Int)] = []
        for u in 0..<g where b * g + u < k {
          position[slot][lane * g + u] = b * g + u
          fetched[slot][lane * g + u] = !skip || union.contains(b)
          rows.append((lane * g + u, slot, b * g + u))
        }
        rowsOfBlock.append(rows)
      }
      var stream: [[Item]] = []
      let bubble = { (token: Int) in
        [Item](
          repeating: Item(
            window: 0, slot: 0, token: token, value: nil, weightSlot: 0, k: -1,
            lastOfToken: false), count: r)
      }
      for token in tile {
        var lanesBlocks = [[Int]](repeating: [], count: layout.lanes)
        for (q, b) in members.enumerated() where !skip || nonZero(token, b) {
          lanesBlocks[layout.lane(ofPosition: q)].append(q)
        }
        let length = skip ? (lanesBlocks.map(\.count).max() ?? 0) : slots
        for x in 0..<length {
          var items = bubble(token)
          for lane in 0..<layout.lanes {
            let q: Int
            if skip {
              guard x < lanesBlocks[lane].count else { continue }
              q = lanesBlocks[lane][x]
            } else {
              guard let found = lanesBlocks[lane].first(where: { layout.slot(ofPosition: $0) == x })
              else { continue }
              q = found
            }
            for (row, slot, kk) in rowsOfBlock[q] {
              items[row].value = streamed[token][kk]
              items[row].weightSlot = slot
              items[row].k = kk
            }
          }
          for i in 0..<r {
            items[i].slot = stream.count
            items[i].lastOfToken = x == length - 1
          }
          stream.append(items)
        }
      }
      result.append(
        Window(
          columns: 0..<0, slotsUsed: slots, position: position, fetched: fetched, stream: stream))
    }
    return result
  }
}
