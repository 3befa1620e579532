import TraceFormat

/// What the cost model needs to know about one layer's activation mask of one sequence (or of a
/// batch: its sequences' masks concatenated along tokens) under a hardware config. Both ``MaskAnalyzer`` (word-wise, fast) and ``ReferenceMaskAnalyzer``
/// (brute force) produce it; they must agree exactly.
public struct MaskStatistics: Sendable, Equatable {
  public var tokens = 0
  public var units = 0
  /// Non-zero activations.
  public var nonZeroUnits = 0
  /// Blocks of g consecutive units (per token, along K) with at least one non-zero.
  public var nonZeroBlocks = 0
  /// Units inside non-zero blocks: what `skip` issues (the last block of a token may be short).
  public var issuedUnits = 0
  /// `skip` streaming cycles of one outer fold: ws Σ over tokens of the busiest lane's non-zero
  /// blocks; os Σ over groups of R tokens of the largest issued-unit count. 0 when not skipping.
  public var skipStreamCycles = 0
  /// Units in blocks that are non-zero for at least one token of the sequence, or of the batch
  /// (the union: the ws weight tile).
  public var unionUnitsSequence = 0
  /// os: Σ over groups of R tokens of each group's union units (0 for other dataflows).
  public var unionUnitsGroupSum = 0
  /// Tokens per M tile the unions below were taken over (``MaskAnalysisParameters/mTileTokens``;
  /// 0: not computed).
  public var mTileTokens = 0
  /// Σ over M tiles of ``mTileTokens`` consecutive tokens (in batch order, the last tile may be
  /// shorter) of the units in blocks non-zero for some token of the tile: the weight rows the
  /// M-tiled order streams under `skip`. 0 when ``mTileTokens`` is 0.
  public var unionUnitsMTileSum = 0
  /// rle format: entries including padding entries for runs longer than the field allows.
  public var rleEntries = 0
  /// Element-level union units summed over tiles of ``MaskStatistics/unionTileTokens`` tokens.
  public var unionUnitsByTile: [Int] = [0, 0, 0]

  /// Token-tile sizes for which union densities are reported.
  public static let unionTileTokens = [4, 16, 64]

  public init() {}
}

/// The parameters of a hardware config that mask analysis depends on.
public struct MaskAnalysisParameters: Sendable, Equatable {
  public var skipping: Bool
  public var granularityUnits: Int
  public var lanes: Int
  public var laneSplit: ZeroHandling.LaneSplit
  public var dataflow: Dataflow
  public var rows: Int
  /// Run-length field width when the activation format is rle, else nil.
  public var rleBits: Int?
  /// Tokens per M tile for ``MaskStatistics/unionUnitsMTileSum`` (0: not computed). A replay
  /// sets it to ``GEMMCostModel/mlpDownTileTokens(units:hidden:config:)``, which the cost
  /// model requires whenever an MLP-down spans more than one M tile under `skip`.
  public var mTileTokens: Int

  public init(config: HardwareConfig, mTileTokens: Int = 0) {
    precondition(mTileTokens >= 0, "mTileTokens must be >= 0, got \(mTileTokens)")
    self.mTileTokens = mTileTokens
    let zero = config.zeroHandling
    skipping = zero.mode == .skip
    granularityUnits = skipping ? zero.granularityUnits : 1
    lanes = max(1, zero.lanes)
    laneSplit = zero.laneSplit
    dataflow = config.peArray.dataflow
    rows = config.peArray.rows
    rleBits = config.activationFormat.kind == .rle ? config.activationFormat.metadataBits : nil
  }
}
