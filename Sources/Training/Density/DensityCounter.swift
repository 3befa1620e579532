import TraceFormat

/// Streaming per-layer density of MLP activations under several zero definitions at once.
///
/// Feed it each layer's activation buffer `[tokens, units]` of real tokens only (padding removed),
/// batch after batch; read densities (fractions non-zero, 0...1) at the end. Optionally it also
/// counts, per definition:
/// - **block density**: blocks of `blockUnits` consecutive units of one token, non-zero when any
///   unit in it is (the last block of a row may be shorter);
/// - **tile density**: units non-zero in the union over a tile of `tileTokens` consecutive rows
///   of one buffer (tiles start at each buffer's first row; the last may be shorter), i.e. the
///   fraction of weight rows of the MLP's down projection that a tile must fetch.
// T tokens, F units, K definitions, L layers
public struct DensityCounter: Sendable {
  public let layerCount: Int
  public let units: Int
  public let definitions: [ZeroDefinition]
  public let blockUnits: Int?
  public let tileTokens: Int?
  /// `thresholds[layer][k]`: non-zero when `|a| > threshold`.
  private let thresholds: [[Float]]
  public private(set) var tokenCounts: [Int]
  private var nonZeroCounts: [[Int]]
  private var blockCounts: [Int]
  private var nonZeroBlockCounts: [[Int]]
  private var tileCounts: [Int]
  private var nonZeroTileUnitCounts: [[Int]]

  public init(
    layerCount: Int, units: Int, definitions: [ZeroDefinition], blockUnits: Int? = nil,
    tileTokens: Int? = nil
  ) {
    precondition(layerCount > 0 && units > 0, "need layerCount > 0 and units > 0")
    precondition(blockUnits.map { $0 > 0 } ?? true, "blockUnits must be > 0")
    precondition(tileTokens.map { $0 > 0 } ?? true, "tileTokens must be > 0")
    self.layerCount = layerCount
    self.units = units
    self.definitions = definitions
    self.blockUnits = blockUnits
    self.tileTokens = tileTokens
    self.thresholds = (0..<layerCount).map { layer in
      definitions.map { DensityThreshold.threshold(for: $0, layer: layer) }
    }
    let zeros = [[Int]](
      repeating: [Int](repeating: 0, count: definitions.count), count: layerCount)
    tokenCounts = [Int](repeating: 0, count: layerCount)
    nonZeroCounts = zeros
    blockCounts = [Int](repeating: 0, count: layerCount)
    nonZeroBlockCounts = zeros
    tileCounts = [Int](repeating: 0, count: layerCount)
    nonZeroTileUnitCounts = zeros
  }

  /// Counts one buffer `[tokenCount, units]` (row-major) of layer `layer`.
  public mutating func add(layer: Int, activations: UnsafeBufferPointer<Float>, tokenCount: Int) {
    precondition((0..<layerCount).contains(layer), "layer \(layer) not in 0..<\(layerCount)")
    precondition(
      activations.count == tokenCount * units,
      "layer \(layer): \(activations.count) activations, expected \(tokenCount) x \(units)")
    guard tokenCount > 0, let base = activations.baseAddress else { return }
    tokenCounts[layer] += tokenCount
    DensityKernels.countAbove(
      activations, thresholds: thresholds[layer], counts: &nonZeroCounts[layer])
    if let blockUnits { addBlocks(layer: layer, base: base, tokenCount: tokenCount, g: blockUnits) }
    if let tileTokens {
      addTiles(layer: layer, base: base, tokenCount: tokenCount, tile: tileTokens)
    }
  }

  /// Counts one buffer given as an array of `tokens * units` values.
  public mutating func add(layer: Int, activations: [Float]) {
    precondition(
      activations.count % units == 0, "\(activations.count) values is not a multiple of \(units)")
    activations.withUnsafeBufferPointer {
      add(layer: layer, activations: $0, tokenCount: activations.count / units)
    }
  }

  private mutating func addBlocks(
    layer: Int, base: UnsafePointer<Float>, tokenCount: Int, g: Int
  ) {
    let blockCount = tokenCount * ((units + g - 1) / g)
    var blockMax = [Float](repeating: 0, count: blockCount)
    blockMax.withUnsafeMutableBufferPointer { buffer in
      guard let target = buffer.baseAddress else { return }
      DensityKernels.blockMaxAbs(base, rows: tokenCount, units: units, blockUnits: g, into: target)
      DensityKernels.countAbove(
        UnsafeBufferPointer(buffer), thresholds: thresholds[layer],
        counts: &nonZeroBlockCounts[layer])
    }
    blockCounts[layer] += blockCount
  }

  private mutating func addTiles(
    layer: Int, base: UnsafePointer<Float>, tokenCount: Int, tile: Int
  ) {
    let layerThresholds = thresholds[layer]
    var counts = nonZeroTileUnitCounts[layer]
    var columnMax = [Float](repeating: 0, count: units)
    var t = 0
    while t < tokenCount {
      let rows = min(tile, tokenCount - t)
      columnMax.withUnsafeMutableBufferPointer { c in
        c.update(repeating: 0)
        guard let colBase = c.baseAddress else { return }
        DensityKernels.accumulateColumnMaxAbs(
          base + t * units, rows: rows, units: units, into: colBase)
        for k in layerThresholds.indices {
          counts[k] += DensityKernels.countAbove(
            UnsafePointer(colBase), units, layerThresholds[k])
        }
      }
      tileCounts[layer] += 1
      t += rows
    }
    nonZeroTileUnitCounts[layer] = counts
  }

  /// Fraction of non-zero activations of `layer` under definition `k` (0 with no tokens).
  public func density(layer: Int, definition k: Int) -> Double {
    let total = tokenCounts[layer] * units
    return total == 0 ? 0 : Double(nonZeroCounts[layer][k]) / Double(total)
  }

  /// Fraction of non-zero activations over all layers under definition `k`.
  public func overallDensity(definition k: Int) -> Double {
    let total = tokenCounts.reduce(0, +) * units
    let nonZero = nonZeroCounts.reduce(0) { $0 + $1[k] }
    return total == 0 ? 0 : Double(nonZero) / Double(total)
  }

  /// Non-zero activation count of `layer` under definition `k`.
  public func nonZeroCount(layer: Int, definition k: Int) -> Int { nonZeroCounts[layer][k] }

  /// Fraction of non-zero blocks (nil without `blockUnits`).
  public func blockDensity(layer: Int, definition k: Int) -> Double? {
    guard blockUnits != nil else { return nil }
    let total = blockCounts[layer]
    return total == 0 ? 0 : Double(nonZeroBlockCounts[layer][k]) / Double(total)
  }

  /// Mean over tiles of the fraction of units non-zero in the tile's union (nil without
  /// `tileTokens`).
  public func tileDensity(layer: Int, definition k: Int) -> Double? {
    guard tileTokens != nil else { return nil }
    let total = tileCounts[layer] * units
    return total == 0 ? 0 : Double(nonZeroTileUnitCounts[layer][k]) / Double(total)
  }
}
