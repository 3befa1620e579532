/// Turns a GEMM run (and, for MLP-down, its mask statistics) into ``ActionCounts`` under a
/// hardware config: a static plan (loop order and M tiles, chosen on the worst case as a compiler
/// would, docs/simulator-model.md "Mapping"), the compute side from ``ComputeModel``, the memory
/// side from ``MemoryModel``, and latency. Shared by the fast and the reference replay, so they
/// differ only in mask analysis.
public enum GEMMCostModel {
  /// Counts of a GEMM run (all its instances) whose input is dense.
  public static func dense(_ gemm: GEMMShape, config: HardwareConfig) -> ActionCounts {
    denseCost(gemm, config: config).counts
  }

  /// Counts of the MLP-down GEMM (`T × F × D`) from its mask statistics, analysed with
  /// ``mlpDownTileRows(m:units:hidden:config:)`` rows per M tile.
  public static func mlpDown(_ gemm: GEMMShape, stats: MaskStatistics, config: HardwareConfig)
    -> ActionCounts
  {
    mlpDownCost(gemm, stats: stats, config: config).counts
  }

  /// Rows per M tile the plan gives MLP-down of `m` tokens (0: one tile, the fold order): the
  /// `tileRows` its mask statistics must be analysed with.
  public static func mlpDownTileRows(m: Int, units: Int, hidden: Int, config: HardwareConfig)
    -> Int
  {
    guard !config.mapping.isScaleSim, m > 0 else { return 0 }
    let gemm = GEMMShape(name: "mlp-down", m: m, k: units, n: hidden, isMLPDown: true)
    return plan(gemm, config: config).tileRows
  }

  /// mlp-up's output as written to DRAM when it is the MLP-down input stored in its activation
  /// format (`mapping.compressedWrites`, accelerator model, a non-dense format); nil: dense.
  public static func mlpIntermediateBytes(stats: MaskStatistics, config: HardwareConfig) -> Int? {
    let format = config.activationFormat
    guard config.mapping.compressedWrites, !config.mapping.isScaleSim, format.kind != .dense
    else { return nil }
    let bytes = config.operandPrecision.bytesPerWord
    let cells = stats.tokens * stats.units
    switch format.kind {
    case .dense: return nil
    case .bitmask: return stats.nonZeroUnits * bytes + (cells * format.metadataBits + 7) / 8
    case .rle: return stats.rleEntries * bytes + (stats.rleEntries * format.metadataBits + 7) / 8
    }
  }

  /// The loop order a GEMM run takes and its M tiles.
  struct Plan {
    /// 0: the fold order (one tile); else the largest tile of the balanced M-tiled order.
    var tileRows: Int
    var tiles: [Int]
    var order: MemoryOrder
  }

  /// Whether `gemm` is MLP-down under skip (its windows follow the skip lanes).
  static func skipping(_ gemm: GEMMShape, _ config: HardwareConfig) -> Bool {
    gemm.isMLPDown && config.zeroHandling.mode == .skip
  }

  /// Worst-case metadata bits per unit of the MLP-down input's format (bitmask 1, rle one field
  /// per unit at most, dense 0).
  static func metadataBitsPerUnit(_ gemm: GEMMShape, _ config: HardwareConfig) -> Int {
    guard gemm.isMLPDown, config.activationFormat.kind != .dense else { return 0 }
    return config.activationFormat.metadataBits
  }

  /// The largest M tile whose worst-case ifmap (M × K in its format) and live partial sums fit
  /// (0: not even one row).
  static func maxTileRows(_ gemm: GEMMShape, config: HardwareConfig) -> Int {
    let bytes = config.operandPrecision.bytesPerWord
    let room = MemoryModel.usable(config: config)
    let ifmapRows =
      8 * room.ifmap / max(1, gemm.k * (8 * bytes + metadataBitsPerUnit(gemm, config)))
    if config.mapping.isScaleSim {
      return min(ifmapRows, room.ofmap / max(1, gemm.n * bytes))
    }
    switch config.peArray.dataflow {
    case .ws:
      let live = min(gemm.n, config.peArray.columns) * config.mapping.accumulatorBytes
      return min(ifmapRows, room.ofmap / max(1, live))
    case .os, .is:
      // os and is keep the fold order in the accelerator model: row groups (os) and column
      // groups (is) restart at every M tile, so tiles that are not multiples of R (or C) would
      // add partial groups; their weights are re-streamed per group anyway.
      return 0
    }
  }

  /// The plan: SCALE-Sim mode computes one tile and takes the M-tiled order only when it moves
  /// strictly fewer DRAM bytes (decided when costing); the accelerator model compares the fold
  /// and the M-tiled order on the worst case (every activation non-zero) by steady-state cycles
  /// (max of compute and memory under double buffering, else their sum), then latency, then DRAM
  /// bytes; fold on ties.
  static func plan(_ gemm: GEMMShape, config: HardwareConfig) -> Plan {
    let m = gemm.m
    let fold = Plan(tileRows: 0, tiles: m > 0 ? [m] : [], order: .fold)
    let rows = maxTileRows(gemm, config: config)
    guard rows > 0, rows < m else { return fold }
    let tiles = balancedTiles(tokens: m, tileRows: rows).map(\.count)
    let tiled = Plan(tileRows: rows, tiles: tiles, order: .mTiled(tileRows: rows))
    if config.mapping.isScaleSim { return tiled }
    let a = worstCase(gemm, plan: fold, config: config)
    let b = worstCase(gemm, plan: tiled, config: config)
    return (b.steady, b.latency, b.bytes) < (a.steady, a.latency, a.bytes) ? tiled : fold
  }

  /// Latency and DRAM bytes of `plan` when every activation is non-zero.
  private static func worstCase(_ gemm: GEMMShape, plan: Plan, config: HardwareConfig)
    -> (steady: Int, latency: Int, bytes: Int)
  {
    let layout = skipping(gemm, config) ? WindowLayout(config: config, skipping: true) : nil
    let compute = ComputeModel.dense(
      m: gemm.m, k: gemm.k, n: gemm.n, tiles: plan.tiles, config: config, layout: layout)
    let bytes = config.operandPrecision.bytesPerWord
    let bits = metadataBitsPerUnit(gemm, config)
    let stored = gemm.m * gemm.k * bytes + (gemm.m * gemm.k * bits + 7) / 8
    let memory = memoryInputs(
      gemm, plan: plan, ifmapBytes: stored, metadataBytes: (gemm.m * gemm.k * bits + 7) / 8,
      weights: WeightBytes(dense: gemm), outputBytes: nil, config: config)
    let traffic = MemoryModel.traffic(memory, config: config)
    let cycles = MemoryModel.transferCycles(bytes: traffic.totalBytes, config: config)
    let latency = MemoryModel.totalCycles(
      computeCycles: compute.cycles, memoryCycles: cycles, tiles: compute.windows, config: config)
    let steady = config.doubleBuffering ? max(compute.cycles, cycles) : compute.cycles + cycles
    return (steady, latency, traffic.totalBytes)
  }

  /// Weight bytes: once, per fold-order refetch, and streamed by the M-tiled order's tiles.
  struct WeightBytes {
    var once: Int
    var refetch: Int
    var stream: Int

    /// Every weight (and, os/is, every refetch pass) of a dense GEMM, for `plan` filled in later.
    init(dense gemm: GEMMShape) {
      once = gemm.k * gemm.n
      refetch = -1
      stream = -1
    }

    /// Weights already on chip (``Mapping/residentWeights``): no DRAM traffic.
    static let onChip = WeightBytes(once: 0, refetch: 0, stream: 0)

    init(once: Int, refetch: Int, stream: Int) {
      self.once = once
      self.refetch = refetch
      self.stream = stream
    }
  }

  /// The memory model's view of one instance of `gemm` under `plan` (weights in words when
  /// `weights.refetch` is -1: the dense defaults).
  static func memoryInputs(
    _ gemm: GEMMShape, plan: Plan, ifmapBytes: Int, metadataBytes: Int, weights: WeightBytes,
    outputBytes: Int?, config: HardwareConfig
  ) -> GEMMMemoryInputs {
    let (m, k, n) = (gemm.m, gemm.k, gemm.n)
    let a = config.peArray
    let bytes = config.operandPrecision.bytesPerWord
    let scaleSim = config.mapping.isScaleSim
    let acc = config.mapping.accumulatorBytes
    let nFolds = ComputeModel.ceilDiv(n, a.columns)
    var w = weights
    if w.refetch < 0 {
      let once = m == 0 ? 0 : k * n * bytes
      let passes: Int
      switch a.dataflow {
      case .ws: passes = 1
      case .os: passes = ComputeModel.ceilDiv(m, a.rows)
      case .is: passes = ComputeModel.ceilDiv(m, a.columns)
      }
      w = WeightBytes(once: once, refetch: once * passes, stream: once * plan.tiles.count)
      if a.dataflow != .ws { w.stream = w.refetch }
    }
    let ifmapPasses = a.dataflow == .is ? 1 : nFolds
    let passes: Int
    let live: Int
    switch a.dataflow {
    case .ws:
      let layout = WindowLayout(config: config, skipping: skipping(gemm, config))
      let windows = ComputeModel.ceilDiv(
        ComputeModel.ceilDiv(k, layout.granularity), layout.capacity)
      passes = scaleSim ? ComputeModel.ceilDiv(k, a.rows) : windows
      live = scaleSim ? m * n * bytes : m * min(n, a.columns) * acc
    case .os:
      passes = 1
      live = scaleSim ? m * n * bytes : 0
    case .is:
      passes = ComputeModel.ceilDiv(k, a.rows)
      live = scaleSim ? m * n * bytes : min(m, a.columns) * n * acc
    }
    return GEMMMemoryInputs(
      ifmap: OperandTraffic(
        onceBytes: ifmapBytes, refetchBytes: ifmapBytes * ifmapPasses,
        onceMetadataBytes: metadataBytes, refetchMetadataBytes: metadataBytes * ifmapPasses),
      filter: OperandTraffic(onceBytes: w.once, refetchBytes: w.refetch),
      ofmapBytes: outputBytes ?? m * n * bytes, liveOutputBytes: live, ofmapPasses: passes,
      spillBytesPerPass: m * n * (scaleSim ? bytes : acc), tiles: plan.tiles.count,
      filterStreamBytes: w.stream)
  }

  /// Vector-unit work: `elements / lanes` cycles, no DRAM traffic (operands are on chip).
  public static func vector(elements: Int, config: HardwareConfig) -> ActionCounts {
    var counts = ActionCounts()
    counts.vectorElements = elements
    counts.vectorCycles = (elements + config.vectorUnitLanes - 1) / config.vectorUnitLanes
    counts.totalCycles = counts.vectorCycles
    return counts
  }
}

/// A GEMM's counts, the part of their DRAM reads that fetched the filter operand (the weights,
/// or the keys and values of the attention GEMMs) and its memory order.
struct GEMMCost {
  var counts: ActionCounts
  var dramFilterReadBytes: Int
  /// The loop order the memory model chose.
  var order: MemoryOrder

  /// The cost of `instances` identical copies.
  func times(_ instances: Int) -> GEMMCost {
    GEMMCost(
      counts: counts.times(instances), dramFilterReadBytes: dramFilterReadBytes * instances,
      order: order)
  }
}
