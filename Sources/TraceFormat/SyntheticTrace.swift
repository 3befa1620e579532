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
    let generator = SyntheticMaskGenerator(
      units: spec.model.intermediate, density: spec.density,
      blockCorrelation: spec.blockCorrelation, blockSize: spec.blockSize)
    var masks: [ActivationMask] = []
    masks.reserveCapacity(spec.model.layers)
    var values: [[Int8]] = []
    for _ in 0..<spec.model.layers {
      let mask = generator.mask(tokenCount: tokenCount, rng: &rng)
      if spec.storesValues { values.append(SyntheticMaskGenerator.values(for: mask, rng: &rng)) }
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
}
