// The M-tiled loop order's view of GEMMs (docs/simulator-model.md, "Memory"): tile sizes
// and the DRAM bytes per order.

/// The DRAM bytes of one GEMM run under each loop order the memory model considers
/// (docs/simulator-model.md, "Memory"), for tests, tools and explanations.
public struct MemoryOrderBytes: Sendable, Equatable {
  /// SCALE-Sim's fold order.
  public var foldBytes: Int
  /// The M-tiled order; nil when not even one row's ifmap and ofmap fit.
  public var mTiledBytes: Int?
  /// Rows per M tile of the M-tiled order (at most M); nil with it.
  public var mTileRows: Int?
  /// The order the memory model takes: M-tiled only with strictly fewer bytes than fold.
  public var chosen: MemoryOrder
  /// The chosen order's bytes: `min(foldBytes, mTiledBytes)`.
  public var chosenBytes: Int
}

extension GEMMCostModel {
  /// Rows per M tile of the MLP-down GEMM (`M × units × hidden`) under `config`'s buffers and
  /// activation format: what ``MaskAnalysisParameters/mTileTokens`` must be for the per-tile
  /// weight unions that the M-tiled order needs under `skip` (docs/simulator-model.md,
  /// "Memory"). 0 when one token's rows do not fit.
  public static func mlpDownTileTokens(units: Int, hidden: Int, config: HardwareConfig) -> Int {
    let gemm = GEMMShape(name: "mlp-down", m: 1, k: units, n: hidden, isMLPDown: true)
    return mTiling(gemm, metadataBitsPerUnit: metadataBitsPerUnit(config), config: config)
      .operands.tileRows
  }

  /// Worst-case metadata bits per activation unit of the MLP-down input's format: bitmask 1 per
  /// unit, rle one field per entry (at most one entry per unit: a padding entry stands for
  /// 2^bits ≥ 2 zeros), dense 0.
  static func metadataBitsPerUnit(_ config: HardwareConfig) -> Int {
    config.activationFormat.kind == .dense ? 0 : config.activationFormat.metadataBits
  }

  /// The M-tiled order's view of `gemm` (``MTiledOperands``) without its weight bytes, and
  /// the number of M tiles, ⌈M / m⌉ (0 when M-tiling is impossible).
  static func mTiling(_ gemm: GEMMShape, metadataBitsPerUnit: Int, config: HardwareConfig)
    -> (operands: MTiledOperands, tiles: Int)
  {
    let bytes = config.operandPrecision.bytesPerWord
    let ifmapBits = gemm.k * (8 * bytes + metadataBitsPerUnit)
    let ofmapBytes = gemm.n * bytes
    let rows = MemoryModel.tileRows(
      ifmapBitsPerRow: ifmapBits, ofmapBytesPerRow: ofmapBytes, config: config)
    let operands = MTiledOperands(
      rows: gemm.m, ifmapBitsPerRow: ifmapBits, ofmapBytesPerRow: ofmapBytes, tileRows: rows,
      filterStreamBytes: 0)
    return (operands, rows > 0 ? SystolicTiming.ceilDiv(gemm.m, rows) : 0)
  }

  /// DRAM bytes per loop order of a GEMM with a dense input (`stats` nil), or of MLP-down
  /// with `stats` (analysed with ``MaskAnalysisParameters/mTileTokens`` =
  /// ``mlpDownTileTokens(units:hidden:config:)`` when the GEMM spans several M tiles).
  public static func memoryOrderBytes(
    _ gemm: GEMMShape, stats: MaskStatistics? = nil, config: HardwareConfig
  ) -> MemoryOrderBytes {
    let memory =
      if let stats {
        mlpDownParts(gemm, stats: stats, config: config).memory
      } else {
        denseParts(gemm, config: config).memory
      }
    let fold = MemoryModel.foldTraffic(memory, config: config)
    let tiled = MemoryModel.mTiledTraffic(memory, config: config)
    let chosen = MemoryModel.traffic(memory, config: config)
    return MemoryOrderBytes(
      foldBytes: fold.totalBytes, mTiledBytes: tiled?.totalBytes,
      mTileRows: tiled.flatMap { if case .mTiled(let rows) = $0.order { rows } else { nil } },
      chosen: chosen.order,
      chosenBytes: chosen.totalBytes)
  }
}
