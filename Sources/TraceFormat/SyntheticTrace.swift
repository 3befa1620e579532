/// Deterministic synthetic activation traces for tests, benchmarks, `deft-sim trace synth` and the
/// demo: the same spec (seed included) always gives the same records and the same file bytes.
/// Record `i` depends only on the spec and `i`, so records can be generated in any order.
public struct SyntheticTrace: Sendable {
  public let spec: SyntheticTraceSpec

  public init(_ spec: SyntheticTraceSpec) {
    precondition(spec.problems.isEmpty, "invalid synthetic trace spec: \(spec.problems)")
    self.spec = spec
  }

  /// The header of the synthetic trace; `provenance` is merged over the generator's own entries.
  public func header(toolVersion: String = "", provenance: [String: String] = [:]) -> TraceHeader {
    var entries: [String: String] = [
      "generator": "SyntheticTrace",
      "density": "\(spec.density)",
      "blockCorrelation": "\(spec.blockCorrelation)",
      "blockSize": "\(spec.blockSize)",
      "tokens": "\(spec.tokenCounts.lowerBound)-\(spec.tokenCounts.upperBound)",
      "sequences": "\(spec.sequences)",
    ]
    entries.merge(provenance) { _, new in new }
    return TraceHeader(
      model: spec.model, task: TaskDescription(name: "synthetic", split: "synthetic"),
      zeroDefinition: .exact, storesValues: spec.storesValues, seed: spec.seed,
      toolVersion: toolVersion, provenance: entries)
  }

  /// Record `index` (0-based; its `sequenceIndex` is `index`).
  public func record(at index: Int) -> TraceRecord {
    var rng = SplitMix64(seed: spec.seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    _ = rng.next()
    let tokenCount =
      spec.tokenCounts.lowerBound
      + rng.next(below: spec.tokenCounts.upperBound - spec.tokenCounts.lowerBound + 1)
    let units = spec.model.intermediate
    let unitNumerator = Self.numerator(spec.unitDensityInActiveBlocks)
    let silentNumerator = Self.numerator(spec.blockCorrelation)
    let lastMask = MaskCodec.lastWordMask(units: units)
    let blocksPerToken = (units + spec.blockSize - 1) / spec.blockSize
    var masks: [ActivationMask] = []
    masks.reserveCapacity(spec.model.layers)
    var values: [[Int8]] = []
    for _ in 0..<spec.model.layers {
      let wordsPerToken = (units + 63) / 64
      let words = [UInt64](unsafeUninitializedCapacity: tokenCount * wordsPerToken) {
        buffer, initialized in
        for token in 0..<tokenCount {
          let row = token * wordsPerToken
          for j in 0..<wordsPerToken {
            buffer[row + j] = rng.bernoulliWord(numerator: unitNumerator)
          }
          buffer[row + wordsPerToken - 1] &= lastMask
          if silentNumerator > 0 {
            Self.silenceBlocks(
              UnsafeMutableBufferPointer(rebasing: buffer[row..<row + wordsPerToken]),
              units: units, blockSize: spec.blockSize, blocks: blocksPerToken,
              numerator: silentNumerator, rng: &rng)
          }
        }
        initialized = tokenCount * wordsPerToken
      }
      let mask = ActivationMask(tokenCount: tokenCount, units: units, words: words)
      if spec.storesValues {
        var layerValues = [Int8]()
        layerValues.reserveCapacity(mask.nonZeroCount)
        for _ in 0..<mask.nonZeroCount {
          let random = rng.next()
          let magnitude = Int8(1 + (random >> 1) % 127)
          layerValues.append(random & 1 == 0 ? magnitude : -magnitude)
        }
        values.append(layerValues)
      }
      masks.append(mask)
    }
    return TraceRecord(sequenceIndex: index, masks: masks, values: spec.storesValues ? values : nil)
  }

  /// Writes all records to `path`; returns the number of bytes written.
  @discardableResult
  public func write(
    to path: String, toolVersion: String = "", provenance: [String: String] = [:],
    compressionLevel: Int = TraceWriter.defaultCompressionLevel
  ) throws(TraceError) -> Int {
    let writer = try TraceWriter(
      path: path, header: header(toolVersion: toolVersion, provenance: provenance),
      compressionLevel: compressionLevel)
    for index in 0..<spec.sequences { try writer.append(record(at: index)) }
    try writer.finish()
    return writer.byteCount
  }

  static func numerator(_ probability: Double) -> Int {
    Int((min(max(probability, 0), 1) * 65536).rounded())
  }

  /// Clears every block of one token's row whose silence bit is drawn.
  private static func silenceBlocks(
    _ row: UnsafeMutableBufferPointer<UInt64>, units: Int, blockSize: Int, blocks: Int,
    numerator: Int, rng: inout SplitMix64
  ) {
    var first = 0
    while first < blocks {
      var silent = rng.bernoulliWord(numerator: numerator)
      if blocks - first < 64 { silent &= (UInt64(1) << UInt64(blocks - first)) - 1 }
      while silent != 0 {
        let block = first + silent.trailingZeroBitCount
        silent &= silent &- 1
        var unit = block * blockSize
        let end = min(unit + blockSize, units)
        while unit < end {
          let bit = unit & 63
          let span = min(64 - bit, end - unit)
          let bits: UInt64 = span == 64 ? ~0 : ((UInt64(1) << UInt64(span)) - 1) << UInt64(bit)
          row[unit >> 6] &= ~bits
          unit += span
        }
      }
      first += 64
    }
  }
}
