/// Parameters of a synthetic trace (see `SyntheticTrace` and docs/trace-format.md, "Synthetic
/// traces").
///
/// Model: every token's units are cut into blocks of `blockSize` consecutive units (the last
/// block may be shorter). Each (token, block) is *silent* — all zero — with probability
/// `blockCorrelation`; otherwise each of its units is non-zero independently with probability
/// `density / (1 - blockCorrelation)`. So the element density is `density` whatever the
/// correlation, and the correlation only moves zeros into whole blocks, which a block-skipping
/// accelerator can exploit. Tokens and sequences are independent. Probabilities are quantised to
/// multiples of 2^-16.
public struct SyntheticTraceSpec: Sendable, Equatable, Codable {
  public var model: ModelDimensions
  public var sequences: Int
  /// Tokens per sequence, drawn uniformly per sequence.
  public var tokenCounts: ClosedRange<Int>
  /// Fraction of non-zero activations, in 0...1.
  public var density: Double
  /// Probability that a (token, block) is all zero together, in 0..<1 and at most `1 - density`.
  public var blockCorrelation: Double
  /// Units per block for the correlation (g).
  public var blockSize: Int
  /// Whether records carry quantised values (uniform non-zero int8) for the non-zeros.
  public var storesValues: Bool
  public var seed: UInt64

  public init(
    model: ModelDimensions, sequences: Int, tokenCounts: ClosedRange<Int>, density: Double,
    blockCorrelation: Double = 0, blockSize: Int = 1, storesValues: Bool = false, seed: UInt64
  ) {
    self.model = model
    self.sequences = sequences
    self.tokenCounts = tokenCounts
    self.density = density
    self.blockCorrelation = blockCorrelation
    self.blockSize = blockSize
    self.storesValues = storesValues
    self.seed = seed
  }

  /// Every problem at once, phrased for a command-line user (empty when valid).
  public var problems: [String] {
    var problems: [String] = []
    func range(_ name: String, _ value: Int, _ limit: ClosedRange<Int>) {
      if !limit.contains(value) {
        problems.append(
          "\(name) must be in \(limit.lowerBound)...\(limit.upperBound) (got \(value))")
      }
    }
    range("layers", model.layers, TraceLimits.layers)
    range("hidden", model.hidden, TraceLimits.hidden)
    range("intermediate", model.intermediate, TraceLimits.intermediate)
    if model.heads < 1 || (model.hidden >= 1 && model.hidden % max(model.heads, 1) != 0) {
      problems.append(
        "heads must be >= 1 and divide hidden (got \(model.heads), hidden \(model.hidden))")
    }
    problems += Self.countProblems(
      sequences: sequences, tokenCounts: tokenCounts, layers: model.layers,
      units: model.intermediate)
    problems += Self.densityProblems(
      density: density, blockCorrelation: blockCorrelation, blockSize: blockSize)
    return problems
  }

  /// Problems of a sequence count and a token range (limits of `TraceLimits`; the masks of the
  /// longest record must fit the per-record limit).
  static func countProblems(
    sequences: Int, tokenCounts: ClosedRange<Int>, layers: Int, units: Int, name: String = "tokens"
  ) -> [String] {
    var problems: [String] = []
    if !(0...maxSequences).contains(sequences) {
      problems.append("sequences must be in 0...\(maxSequences) (got \(sequences))")
    }
    if tokenCounts.lowerBound < 0 || tokenCounts.upperBound > TraceLimits.recordTokens.upperBound {
      problems.append(
        "\(name) must be in 0...\(TraceLimits.recordTokens.upperBound) (got "
          + "\(tokenCounts.lowerBound)-\(tokenCounts.upperBound))")
    } else if TraceLimits.layers.contains(layers), TraceLimits.intermediate.contains(units) {
      let bytes = tokenCounts.upperBound * ((units + 63) / 64) * 8 * layers
      if bytes > TraceLimits.recordMaskBytes {
        problems.append(
          "\(tokenCounts.upperBound) \(name) x \(layers) layers x \(units) units exceed the "
            + "per-record mask limit of \(TraceLimits.recordMaskBytes) bytes")
      }
    }
    return problems
  }

  /// Problems of the density model's parameters.
  static func densityProblems(density: Double, blockCorrelation: Double, blockSize: Int)
    -> [String]
  {
    var problems: [String] = []
    let densityValid = density >= 0 && density <= 1
    if !densityValid { problems.append("density must be in 0...1 (got \(density))") }
    if !(blockCorrelation >= 0 && blockCorrelation < 1) {
      problems.append("block correlation must be in 0..<1 (got \(blockCorrelation))")
    } else if densityValid && density > 1 - blockCorrelation + 1e-12 {
      problems.append(
        "density \(density) is impossible with block correlation \(blockCorrelation): "
          + "silent blocks leave at most \(1 - blockCorrelation) of the units non-zero")
    }
    if blockSize < 1 { problems.append("block size must be >= 1 (got \(blockSize))") }
    return problems
  }

  /// The most sequences a synthetic trace may have.
  public static let maxSequences = 1 << 24

  /// Probability that a unit of a non-silent block is non-zero.
  public var unitDensityInActiveBlocks: Double {
    blockCorrelation >= 1 ? 0 : min(1, density / (1 - blockCorrelation))
  }

  /// Expected fraction of full blocks of `blockSize` units that hold a non-zero.
  public var expectedBlockDensity: Double {
    (1 - blockCorrelation)
      * (1 - pow1p(-unitDensityInActiveBlocks, blockSize))
  }

  /// Expected fraction of units that are non-zero in at least one of `tileTokens` tokens.
  public func expectedUnionDensity(tileTokens: Int) -> Double {
    1 - pow1p(-density, tileTokens)
  }
}

/// (1 + x)^n for small integer n, without Foundation.
private func pow1p(_ x: Double, _ n: Int) -> Double {
  var result = 1.0
  for _ in 0..<max(n, 0) { result *= 1 + x }
  return result
}
