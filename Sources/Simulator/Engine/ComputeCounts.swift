/// The compute side of one GEMM run on the array: what the cycle-stepped reference
/// (`Reference/CycleSteppedArray.swift`) counts, computed analytically from the GEMM's shape,
/// its M tiles and (MLP-down under skip) the mask statistics.
public struct ComputeCounts: Sendable, Equatable {
  public var cycles = 0
  public var macsComputed = 0
  public var macsGated = 0
  public var macsSkipped = 0
  /// Values fed into the array from the left (ws, os: activations; is: weights).
  public var injected = 0
  /// Stationary operands loaded into PEs (ws: weights; is: activations) or os weights streamed
  /// from the top.
  public var loaded = 0
  /// Accumulator (ofmap buffer) writes.
  public var accumulatorWrites = 0
  /// Windows (ws, is) or row-group folds (os) streamed.
  public var windows = 0
  public var skipSetupCycles = 0
  public var indexGenerations = 0
  public var compactionOperations = 0

  public init() {}
}

/// Analytical compute counts (docs/simulator-model.md, "Microarchitecture").
public enum ComputeModel {
  @inline(__always)
  static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

  /// A GEMM with a dense input (or any mode but skip): `instances` copies chained in one
  /// schedule, M cut into `tiles` (consecutive token ranges). ws windows follow `layout` (its
  /// blocks of g units over K; the dense layout is R lanes of 1 unit).
  public static func dense(
    m: Int, k: Int, n: Int, instances: Int = 1, tiles: [Int], config: HardwareConfig,
    layout: WindowLayout? = nil
  ) -> ComputeCounts {
    let a = config.peArray
    let (r, c) = (a.rows, a.columns)
    var clock = PipelineClock(rows: r, columns: c, doubleBuffered: a.overlapFoldFillDrain)
    var counts = ComputeCounts()
    guard m > 0 else { return counts }
    let nFolds = ceilDiv(n, c)
    switch a.dataflow {
    case .ws:
      let layout = layout ?? WindowLayout(config: config, skipping: false)
      let blocks = ceilDiv(k, layout.granularity)
      var windows: [(slots: Int, count: Int)] = []
      for start in stride(from: 0, to: blocks, by: layout.capacity) {
        windows.append((layout.slotsUsed(blocks: min(layout.capacity, blocks - start)), 1))
      }
      for _ in 0..<instances {
        for rows in tiles {
          clock.addRepeated(
            windows.map { (rows * $0.slots, r * $0.slots) }, times: nFolds, os: false)
        }
      }
      counts.windows = instances * tiles.count * nFolds * windows.count
      counts.injected = m * k * nFolds
      counts.loaded = tiles.count * k * n
      counts.accumulatorWrites = m * n * windows.count
    case .os:
      var groups = 0
      for _ in 0..<instances {
        groups = 0
        for rows in tiles {
          let unit = stride(from: 0, to: rows, by: r).map { (k, min(r, rows - $0)) }
          clock.addRepeated(unit, times: nFolds, os: true)
          groups += ceilDiv(rows, r)
        }
      }
      counts.windows = instances * groups * nFolds
      counts.injected = m * k * nFolds
      counts.loaded = k * n * groups
      counts.accumulatorWrites = m * n
    case .is:
      let kFolds = ceilDiv(k, r)
      var mFolds = 0
      for _ in 0..<instances {
        mFolds = 0
        for rows in tiles {
          clock.addRepeated(
            [(Int, Int)](repeating: (n, r), count: kFolds), times: ceilDiv(rows, c), os: false)
          mFolds += ceilDiv(rows, c)
        }
      }
      counts.windows = instances * mFolds * kFolds
      counts.injected = k * n * mFolds
      counts.loaded = m * k
      counts.accumulatorWrites = m * n * kFolds
    }
    counts.cycles = clock.total
    counts.macsComputed = m * k * n
    if instances > 1 {
      counts.injected *= instances
      counts.loaded *= instances
      counts.accumulatorWrites *= instances
      counts.macsComputed *= instances
    }
    return counts
  }

  /// MLP-down (`m × k × n`) under skip from its mask statistics (analysed with the same tiles).
  public static func skip(m: Int, k: Int, n: Int, stats: MaskStatistics, config: HardwareConfig)
    -> ComputeCounts
  {
    let a = config.peArray
    let (r, c) = (a.rows, a.columns)
    let g = config.zeroHandling.granularityUnits
    var clock = PipelineClock(rows: r, columns: c, doubleBuffered: a.overlapFoldFillDrain)
    var counts = ComputeCounts()
    guard m > 0 else { return counts }
    let nFolds = ceilDiv(n, c)
    let setupPerTile = ceilDiv(ceilDiv(k, g), 64)
    counts.macsComputed = stats.issuedUnits * n
    counts.injected = stats.issuedUnits * nFolds
    counts.indexGenerations = stats.nonZeroBlocks * nFolds
    switch a.dataflow {
    case .ws:
      let layout = WindowLayout(config: config, skipping: true)
      var rows = 0
      for tile in stats.tiles {
        clock.addRepeated(
          tile.windows.map { ($0.streamSlots, r * layout.slotsUsed(blocks: $0.blocks)) },
          times: nFolds, os: false)
        counts.windows += nFolds * tile.windows.count
        for w in tile.windows {
          counts.loaded += w.unionUnits * n
          counts.accumulatorWrites += w.activeTokens * n
          rows += w.unionUnits
        }
      }
      if config.zeroHandling.foldCompaction {
        counts.compactionOperations = (stats.nonZeroBlocks + rows) * nFolds
      }
    case .os, .is:
      var streamed = 0
      for tile in stats.tiles {
        clock.addRepeated(
          tile.groups.filter { $0.unionUnits > 0 }.map { ($0.unionUnits, $0.tokens) },
          times: nFolds, os: true)
        for group in tile.groups where group.unionUnits > 0 {
          counts.windows += nFolds
          counts.loaded += group.unionUnits * n
          counts.macsGated += (group.unionUnits * group.tokens - group.issuedUnits) * n
          counts.accumulatorWrites += group.tokens * n
          streamed += group.unionUnits
        }
      }
      counts.indexGenerations = streamed * nFolds
    }
    counts.skipSetupCycles = stats.tiles.count * setupPerTile
    counts.cycles = clock.total + counts.skipSetupCycles
    counts.macsSkipped = m * k * n - counts.macsComputed - counts.macsGated
    return counts
  }
}
