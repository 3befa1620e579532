import TraceFormat

/// Densities measured by a `DensityCounter`, as fractions non-zero (0...1), ready for
/// `metrics.json`. One entry per zero definition, in the counter's order.
public struct DensityReport: Sendable, Equatable, Codable {
  public struct Entry: Sendable, Equatable, Codable {
    /// Short label (`exact`, `|a|>0.001`, `int8`).
    public var label: String
    public var definition: ZeroDefinition
    /// Activations non-zero over all layers and real tokens.
    public var overallDensity: Double
    public var perLayerDensity: [Double]
    /// Blocks of `blockUnits` units non-zero, per layer (nil when not measured).
    public var perLayerBlockDensity: [Double]?
    /// Units non-zero in the union over a tile of `tileTokens` tokens, per layer (nil when not
    /// measured).
    public var perLayerTileDensity: [Double]?
  }

  public var layerCount: Int
  public var units: Int
  /// Real tokens counted per layer.
  public var tokenCounts: [Int]
  public var blockUnits: Int?
  public var tileTokens: Int?
  public var entries: [Entry]
}

extension DensityCounter {
  /// The densities counted so far.
  public func report() -> DensityReport {
    let layers = 0..<layerCount
    let entries = definitions.enumerated().map { k, definition in
      DensityReport.Entry(
        label: definition.label, definition: definition,
        overallDensity: overallDensity(definition: k),
        perLayerDensity: layers.map { density(layer: $0, definition: k) },
        perLayerBlockDensity: blockUnits == nil
          ? nil : layers.map { blockDensity(layer: $0, definition: k) ?? 0 },
        perLayerTileDensity: tileTokens == nil
          ? nil : layers.map { tileDensity(layer: $0, definition: k) ?? 0 })
    }
    return DensityReport(
      layerCount: layerCount, units: units, tokenCounts: tokenCounts, blockUnits: blockUnits,
      tileTokens: tileTokens, entries: entries)
  }
}
