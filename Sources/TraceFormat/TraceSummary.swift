/// The density of one layer's activations, computed three ways (docs/method.md): per element
/// (MAC work), per block of g consecutive units of a token (what a block-skipping unit can skip)
/// and per unit over the union of a tile of t consecutive tokens (whether a weight column must be
/// fetched). Counts are kept so summaries can be merged exactly.
public struct LayerDensitySummary: Sendable, Equatable, Codable {
  public var layer: Int
  /// Token × unit activations seen.
  public var elements: Int
  public var nonZeroElements: Int
  public var blocks: [BlockDensity]
  public var unions: [UnionDensity]

  /// Fraction of activations that are non-zero (0 when nothing was seen).
  public var density: Double { ratio(nonZeroElements, elements) }
}

/// Fraction of (token, block of `blockSize` units) pairs with at least one non-zero. A token's
/// last block is shorter when `blockSize` does not divide the units.
public struct BlockDensity: Sendable, Equatable, Codable {
  public var blockSize: Int
  public var blocks: Int
  public var nonZeroBlocks: Int
  public var density: Double { ratio(nonZeroBlocks, blocks) }
}

/// Fraction of (tile, unit) pairs where the unit is non-zero for at least one token of the tile.
/// Tiles are `tileTokens` consecutive tokens of one sequence; a sequence's last tile may be
/// shorter.
public struct UnionDensity: Sendable, Equatable, Codable {
  public var tileTokens: Int
  public var unitTiles: Int
  public var nonZeroUnitTiles: Int
  public var density: Double { ratio(nonZeroUnitTiles, unitTiles) }
}

/// Per-layer density summary of a trace, accumulated one record at a time (memory independent of
/// the trace length).
public struct TraceSummary: Sendable, Equatable, Codable {
  public private(set) var units: Int
  public private(set) var recordCount = 0
  public private(set) var tokenCount = 0
  public private(set) var layers: [LayerDensitySummary]

  /// Block sizes (g) and tile sizes (t) to measure; each must be >= 1.
  public init(layers: Int, units: Int, blockSizes: [Int] = [4], tileTokens: [Int] = [16]) {
    precondition(layers >= 1 && units >= 1, "summary needs layers >= 1, units >= 1")
    precondition(blockSizes.allSatisfy { $0 >= 1 }, "block sizes must be >= 1: \(blockSizes)")
    precondition(tileTokens.allSatisfy { $0 >= 1 }, "tile sizes must be >= 1: \(tileTokens)")
    self.units = units
    self.layers = (0..<layers).map { layer in
      LayerDensitySummary(
        layer: layer, elements: 0, nonZeroElements: 0,
        blocks: blockSizes.map { BlockDensity(blockSize: $0, blocks: 0, nonZeroBlocks: 0) },
        unions: tileTokens.map { UnionDensity(tileTokens: $0, unitTiles: 0, nonZeroUnitTiles: 0) })
    }
  }

  /// Reads every remaining record of `reader` and summarises them. For a version-2 trace with
  /// two stacks this covers the first stack's records only; `TracePhaseSummaries` covers each
  /// phase.
  public static func compute(
    reader: TraceReader, blockSizes: [Int] = [4], tileTokens: [Int] = [16]
  ) throws(TraceError) -> TraceSummary {
    let first = reader.header.architecture?.stacks.first
    var summary = TraceSummary(
      layers: first?.layers ?? reader.header.model.layers,
      units: first?.intermediate ?? reader.header.model.intermediate,
      blockSizes: blockSizes, tileTokens: tileTokens)
    let phases = first.map { $0.role == .encoder ? [TracePhase.encoder] : [.prefill, .decode] }
    while let record = try reader.next() {
      if phases?.contains(record.phase) ?? true { summary.add(record) }
    }
    return summary
  }

  /// Element density over all layers.
  public var density: Double {
    ratio(layers.reduce(0) { $0 + $1.nonZeroElements }, layers.reduce(0) { $0 + $1.elements })
  }

  /// Adds one record; its masks must have this summary's layer count and units.
  public mutating func add(_ record: TraceRecord) {
    precondition(
      record.masks.count == layers.count,
      "record has \(record.masks.count) layers, summary \(layers.count)")
    recordCount += 1
    tokenCount += record.tokenCount
    for (layer, mask) in record.masks.enumerated() {
      precondition(mask.units == units, "mask has \(mask.units) units, summary \(units)")
      layers[layer].elements += mask.tokenCount * units
      layers[layer].nonZeroElements += mask.nonZeroCount
      for i in layers[layer].blocks.indices {
        let blockSize = layers[layer].blocks[i].blockSize
        layers[layer].blocks[i].blocks += mask.tokenCount * ((units + blockSize - 1) / blockSize)
        layers[layer].blocks[i].nonZeroBlocks += MaskDensity.nonZeroBlocks(
          mask, blockSize: blockSize)
      }
      for i in layers[layer].unions.indices {
        let tile = layers[layer].unions[i].tileTokens
        layers[layer].unions[i].unitTiles += ((mask.tokenCount + tile - 1) / tile) * units
        layers[layer].unions[i].nonZeroUnitTiles += MaskDensity.nonZeroUnitTiles(
          mask, tileTokens: tile)
      }
    }
  }
}

func ratio(_ numerator: Int, _ denominator: Int) -> Double {
  denominator == 0 ? 0 : Double(numerator) / Double(denominator)
}
