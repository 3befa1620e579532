import TraceFormat

/// One ws window of an M tile under skip (docs/simulator-model.md, "Microarchitecture").
public struct WindowStatistics: Sendable, Equatable {
  /// Blocks of K the window holds (its positions; ≤ lanes × weightsPerPE).
  public var blocks = 0
  /// Σ over the tile's tokens of the busiest lane's non-zero blocks in the window: its slots.
  public var streamSlots = 0
  /// Units of the window's blocks that some token of the tile needs: weight rows loaded.
  public var unionUnits = 0
  /// Tokens with at least one non-zero block in the window (one accumulator write per column).
  public var activeTokens = 0

  public init(blocks: Int = 0, streamSlots: Int = 0, unionUnits: Int = 0, activeTokens: Int = 0) {
    self.blocks = blocks
    self.streamSlots = streamSlots
    self.unionUnits = unionUnits
    self.activeTokens = activeTokens
  }
}

/// One os row group (up to R consecutive tokens of an M tile) under skip.
public struct GroupStatistics: Sendable, Equatable {
  public var tokens = 0
  /// Units of the blocks some token of the group needs: the group's stream length.
  public var unionUnits = 0
  /// Σ over the group's tokens of their issued units (the rest of the stream is gated).
  public var issuedUnits = 0

  public init(tokens: Int = 0, unionUnits: Int = 0, issuedUnits: Int = 0) {
    self.tokens = tokens
    self.unionUnits = unionUnits
    self.issuedUnits = issuedUnits
  }
}

/// One M tile of the mask under skip: its windows (ws, only those whose union is not empty, in
/// stream order) or its row groups (os).
public struct TileStatistics: Sendable, Equatable {
  public var tokens = 0
  /// Units of the blocks some token of the tile needs.
  public var unionUnits = 0
  public var windows: [WindowStatistics] = []
  public var groups: [GroupStatistics] = []

  public init() {}
}

/// What the cost model needs to know about one layer's activation mask of one sequence (or of a
/// batch: its sequences' masks concatenated along tokens) under a hardware config. Both
/// ``MaskAnalyzer`` (word-wise, fast) and ``ReferenceMaskAnalyzer`` (brute force) produce it;
/// they must agree exactly.
public struct MaskStatistics: Sendable, Equatable {
  public var tokens = 0
  public var units = 0
  /// Non-zero activations.
  public var nonZeroUnits = 0
  /// Blocks of g consecutive units (per token, along K) with at least one non-zero.
  public var nonZeroBlocks = 0
  /// Units inside non-zero blocks: what `skip` issues (the last block of a token may be short).
  public var issuedUnits = 0
  /// Units in blocks that are non-zero for at least one token of the whole mask (the batch).
  public var unionUnitsSequence = 0
  /// rle format: entries including padding entries for runs longer than the field allows.
  public var rleEntries = 0
  /// Element-level union units summed over tiles of ``MaskStatistics/unionTileTokens`` tokens.
  public var unionUnitsByTile: [Int] = [0, 0, 0]
  /// Under skip: the M tiles (``MaskAnalysisParameters/tileRows``, balanced) with their ws windows
  /// or os row groups. Empty when not skipping.
  public var tiles: [TileStatistics] = []

  /// Token-tile sizes for which union densities are reported (each divides the next: the fast
  /// analyzer folds the union of a finished tile into the next size's).
  public static let unionTileTokens = [4, 16, 64]

  public init() {}
}

/// The parameters of a hardware config that mask analysis depends on.
public struct MaskAnalysisParameters: Sendable, Equatable {
  public var skipping: Bool
  public var granularityUnits: Int
  public var dataflow: Dataflow
  public var rows: Int
  /// ws window layout under skip.
  public var layout: WindowLayout
  public var foldCompaction: Bool
  /// Run-length field width when the activation format is rle, else nil.
  public var rleBits: Int?

  public init(config: HardwareConfig) {
    let zero = config.zeroHandling
    skipping = zero.mode == .skip
    granularityUnits = skipping ? zero.granularityUnits : 1
    dataflow = config.peArray.dataflow
    rows = config.peArray.rows
    layout = WindowLayout(config: config, skipping: skipping)
    foldCompaction = skipping && zero.foldCompaction
    rleBits = config.activationFormat.kind == .rle ? config.activationFormat.metadataBits : nil
  }
}

/// Balanced M tiles: ⌈M / tileRows⌉ tiles whose sizes differ by at most one (larger first);
/// tileRows 0 or ≥ M: one tile. The token ranges, in order.
public func balancedTiles(tokens m: Int, tileRows: Int) -> [Range<Int>] {
  guard m > 0 else { return [] }
  let count = tileRows <= 0 || tileRows >= m ? 1 : (m + tileRows - 1) / tileRows
  let base = m / count
  let larger = m % count
  var ranges: [Range<Int>] = []
  var start = 0
  for i in 0..<count {
    let size = base + (i < larger ? 1 : 0)
    ranges.append(start..<start + size)
    start += size
  }
  return ranges
}
