import TraceFormat

/// A GEMM whose masks select its **output** units: the up projection of a gated MLP whose masks
/// describe the gate activation (docs/simulator-model.md, "Version-2 workloads"). Token m needs
/// output column n only when its gate unit n is non-zero. No new engine: under `skip` each M
/// tile is the dense GEMM `tile × K × N'` over the weight columns the tile needs, costed by
/// ``GEMMCostModel/denseCost(_:config:outputBytes:plan:)``.
///
/// - `none`: dense. `gate`: dense cycles and bytes; non-zero units × K MACs computed, the rest
///   gated.
/// - `skip`: per M tile of the plan, the union of its tokens' non-zero blocks of g output units
///   decides the columns: with fold compaction the loader gathers exactly the union's columns
///   (N' = union units), without it an N fold of C columns is dropped only when no union unit
///   falls in it (N' = Σ widths of the other folds). Weight columns outside N' are neither
///   fetched nor streamed; a tile whose union is empty costs nothing. MACs: issued units × K
///   computed (units of non-zero blocks), the rest of the tile's N' columns gated (the array
///   computes the whole column for every row of the tile), the columns outside N' skipped.
struct OutputMaskUnion {
  /// Per M tile: tokens, columns kept (N'), non-zero units (for the compressed output).
  var tiles: [(tokens: Int, columns: Int, nonZero: Int)] = []

  /// The union columns of each tile of `tiles` (token ranges over `masks` concatenated).
  init(masks: [ActivationMask], tiles ranges: [Range<Int>], config: HardwareConfig) {
    guard let units = masks.first?.units else { return }
    let words = (units + 63) / 64
    let g = config.zeroHandling.granularityUnits
    let columns = config.peArray.dataflow == .is ? config.peArray.rows : config.peArray.columns
    var union = [UInt64](repeating: 0, count: words)
    var maskIndex = 0
    var local = 0
    for range in ranges {
      for j in 0..<words { union[j] = 0 }
      var nonZero = 0
      for _ in range {
        while local >= masks[maskIndex].tokenCount {
          maskIndex += 1
          local = 0
        }
        masks[maskIndex].words.withUnsafeBufferPointer { all in
          let base = local * words
          for j in 0..<words {
            union[j] |= all[base + j]
            nonZero += all[base + j].nonzeroBitCount
          }
        }
        local += 1
      }
      let kept: Int
      if config.zeroHandling.foldCompaction {
        kept = Self.blockUnits(union, units: units, from: 0, to: units, granularity: g)
      } else {
        var sum = 0
        for start in stride(from: 0, to: units, by: columns) {
          let end = min(units, start + columns)
          if Self.blockUnits(union, units: units, from: start, to: end, granularity: 1) > 0 {
            sum += end - start
          }
        }
        kept = sum
      }
      tiles.append((range.count, kept, nonZero))
    }
  }

  /// Units of `[from, to)` inside blocks of g units (aligned at 0, the last one short) that hold
  /// a set bit of `union`.
  static func blockUnits(_ union: [UInt64], units: Int, from: Int, to: Int, granularity g: Int)
    -> Int
  {
    if g == 1 {
      var count = 0
      var u = from
      while u < to {
        let word = union[u >> 6] >> UInt64(u & 63)
        let take = min(64 - (u & 63), to - u)
        let bits = take == 64 ? word : word & ((1 << UInt64(take)) - 1)
        count += bits.nonzeroBitCount
        u += take
      }
      return count
    }
    var count = 0
    var start = (from / g) * g
    while start < to {
      let end = min(units, start + g)
      if blockUnits(union, units: units, from: start, to: end, granularity: 1) > 0 {
        count += min(end, to) - max(start, from)
      }
      start += g
    }
    return count
  }
}

extension GEMMCostModel {
  /// The gated up projection under gate masks (the table above). `stats` are the masks'
  /// statistics (their issued units at the skip granularity); `denseOf` costs a dense GEMM
  /// (the caller caches it); `outputBytes` the output's DRAM size when written compressed.
  static func outputMaskedCost(
    _ gemm: GEMMShape, masks: [ActivationMask], stats: MaskStatistics, config: HardwareConfig,
    outputBytes: Int?, weightsResident: Bool = false, denseOf: (GEMMShape, Plan?) -> GEMMCost
  ) -> GEMMCost {
    let all = gemm.m * gemm.k * gemm.n
    switch config.zeroHandling.mode {
    case .none:
      return outputBytes == nil
        ? denseOf(gemm, nil)
        : denseCost(
          gemm, config: config, outputBytes: outputBytes, weightsResident: weightsResident)
    case .gate:
      var cost =
        outputBytes == nil
        ? denseOf(gemm, nil)
        : denseCost(
          gemm, config: config, outputBytes: outputBytes, weightsResident: weightsResident)
      cost.counts.macsComputed = stats.nonZeroUnits * gemm.k
      cost.counts.macsGated = all - cost.counts.macsComputed
      return cost
    case .skip:
      let plan = plan(gemm, config: config)
      let ranges =
        config.mapping.isScaleSim
        ? balancedTiles(tokens: gemm.m, tileRows: 0)
        : balancedTiles(tokens: gemm.m, tileRows: plan.tileRows)
      let union = OutputMaskUnion(masks: masks, tiles: ranges, config: config)
      var counts = ActionCounts()
      var filter = 0
      var orders: [MemoryOrder] = []
      var kept = 0
      let bytes = config.operandPrecision.bytesPerWord
      for tile in union.tiles where tile.columns > 0 {
        let shape = GEMMShape(name: gemm.name, m: tile.tokens, k: gemm.k, n: tile.columns)
        let one = Plan(tileRows: 0, tiles: [tile.tokens], order: .fold)
        let cost: GEMMCost
        if let outputBytes, stats.tokens > 0 {
          // The compressed output of this tile: its share by non-zeros (values) and cells.
          let share =
            outputBytes == 0
            ? 0
            : config.activationFormat.kind == .bitmask
              ? tile.nonZero * bytes
                + (tile.tokens * gemm.n * config.activationFormat.metadataBits
                  + 7) / 8
              : outputBytes * tile.tokens / stats.tokens
          cost = denseCost(
            shape, config: config, outputBytes: share, plan: one,
            weightsResident: weightsResident)
        } else {
          cost = denseOf(shape, one)
        }
        counts += cost.counts
        filter += cost.dramFilterReadBytes
        orders.append(cost.order)
        kept += tile.tokens * tile.columns
      }
      counts.macsComputed = stats.issuedUnits * gemm.k
      counts.macsGated = kept * gemm.k - counts.macsComputed
      counts.macsSkipped = all - kept * gemm.k
      return GEMMCost(
        counts: counts, dramFilterReadBytes: filter,
        order: orders.count == 1 ? orders[0] : plan.order)
    }
  }
}
