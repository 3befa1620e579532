/// Parameters of a synthetic version-2 trace for any architecture (docs/trace-format.md,
/// "Synthetic traces"). Per sequence: an encoder-only model gets one encoder record of
/// `promptTokens` tokens; a decoder gets a prefill record of `promptTokens` tokens and a decode
/// record of `decodeTokens` steps; an encoder–decoder gets an encoder record of `promptTokens`,
/// a one-token decoder prefill (the start token) and a decode record, both with cross-attention
/// length = the encoder tokens.
public struct SyntheticModelTraceSpec: Sendable, Equatable {
  public var architecture: ModelArchitecture
  public var sequences: Int
  /// Encoder input or decoder prompt tokens per sequence, drawn uniformly per sequence.
  public var promptTokens: ClosedRange<Int>
  /// Generated tokens per sequence (decoders only), drawn uniformly per sequence.
  public var decodeTokens: ClosedRange<Int>
  public var density: Double
  public var blockCorrelation: Double
  public var blockSize: Int
  /// Probability that a unit keeps its state from one decode step to the next (0: independent
  /// steps).
  public var decodeCorrelation: Double
  public var storesValues: Bool
  public var seed: UInt64

  public init(
    architecture: ModelArchitecture, sequences: Int, promptTokens: ClosedRange<Int>,
    decodeTokens: ClosedRange<Int> = 0...0, density: Double, blockCorrelation: Double = 0,
    blockSize: Int = 1, decodeCorrelation: Double = 0, storesValues: Bool = false, seed: UInt64
  ) {
    self.architecture = architecture
    self.sequences = sequences
    self.promptTokens = promptTokens
    self.decodeTokens = decodeTokens
    self.density = density
    self.blockCorrelation = blockCorrelation
    self.blockSize = blockSize
    self.decodeCorrelation = decodeCorrelation
    self.storesValues = storesValues
    self.seed = seed
  }

  /// Every problem at once, phrased for a command-line user (empty when valid).
  public var problems: [String] {
    var problems = architecture.validationProblems(keyPrefix: "").map(\.description)
    let hasDecoder = architecture.stack(.decoder) != nil
    for stack in architecture.stacks where problems.isEmpty {
      let decodes = stack.role == .decoder
      problems += SyntheticTraceSpec.countProblems(
        sequences: sequences,
        tokenCounts: decodes && !architecture.isEncoderDecoder
          ? promptTokens : stack.role == .encoder ? promptTokens : 1...1,
        layers: stack.layers, units: stack.intermediate, name: "prompt tokens")
      if decodes {
        problems += SyntheticTraceSpec.countProblems(
          sequences: sequences, tokenCounts: decodeTokens, layers: stack.layers,
          units: stack.intermediate, name: "decode tokens")
      }
    }
    if hasDecoder && !architecture.isEncoderDecoder && promptTokens.lowerBound < 1 {
      problems.append("a decoder needs prompt tokens >= 1 (got \(promptTokens.lowerBound))")
    }
    if !hasDecoder && decodeTokens.upperBound > 0 {
      problems.append("an encoder-only model has no decode tokens (got \(decodeTokens.upperBound))")
    }
    if architecture.isEncoderDecoder && promptTokens.lowerBound < 1 {
      problems.append(
        "an encoder-decoder needs encoder tokens >= 1 (got \(promptTokens.lowerBound))")
    }
    problems += SyntheticTraceSpec.densityProblems(
      density: density, blockCorrelation: blockCorrelation, blockSize: blockSize)
    if !(decodeCorrelation >= 0 && decodeCorrelation < 1) {
      problems.append("decode correlation must be in 0..<1 (got \(decodeCorrelation))")
    }
    return Array(Set(problems)).sorted()
  }
}

/// Deterministic synthetic version-2 traces: sequence `s` depends only on the spec and `s`.
public struct SyntheticModelTrace: Sendable {
  public let spec: SyntheticModelTraceSpec

  public init(_ spec: SyntheticModelTraceSpec) {
    precondition(spec.problems.isEmpty, "invalid synthetic trace spec: \(spec.problems)")
    self.spec = spec
  }

  public func header(toolVersion: String = "", provenance: [String: String] = [:]) -> TraceHeader {
    var entries: [String: String] = [
      "generator": "SyntheticModelTrace", "density": "\(spec.density)",
      "blockCorrelation": "\(spec.blockCorrelation)", "blockSize": "\(spec.blockSize)",
      "decodeCorrelation": "\(spec.decodeCorrelation)",
      "promptTokens": "\(spec.promptTokens.lowerBound)-\(spec.promptTokens.upperBound)",
      "decodeTokens": "\(spec.decodeTokens.lowerBound)-\(spec.decodeTokens.upperBound)",
      "sequences": "\(spec.sequences)",
    ]
    entries.merge(provenance) { _, new in new }
    return TraceHeader(
      architecture: spec.architecture,
      task: TaskDescription(name: "synthetic", split: "synthetic"), zeroDefinition: .exact,
      storesValues: spec.storesValues, seed: spec.seed, toolVersion: toolVersion,
      provenance: entries)
  }

  /// The records of sequence `index`, in phase order.
  public func records(ofSequence index: Int) -> [TraceRecord] {
    var rng = SplitMix64(seed: spec.seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    _ = rng.next()
    func draw(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + rng.next(below: range.upperBound - range.lowerBound + 1)
    }
    let prompt = draw(spec.promptTokens)
    let decode = spec.architecture.stack(.decoder) == nil ? 0 : draw(spec.decodeTokens)
    var records: [TraceRecord] = []
    if let encoder = spec.architecture.stack(.encoder) {
      let (masks, values) = layers(encoder, tokens: prompt, correlated: false, rng: &rng)
      records.append(
        .encoder(sequenceIndex: index, masks: masks, values: values))
    }
    if let decoder = spec.architecture.stack(.decoder) {
      let cross = spec.architecture.isEncoderDecoder ? prompt : 0
      let prefillTokens = spec.architecture.isEncoderDecoder ? 1 : prompt
      let (masks, values) = layers(decoder, tokens: prefillTokens, correlated: false, rng: &rng)
      records.append(
        .prefill(
          sequenceIndex: index, crossAttentionLength: cross, masks: masks, values: values))
      if decode > 0 {
        let (masks, values) = layers(decoder, tokens: decode, correlated: true, rng: &rng)
        records.append(
          .decode(
            sequenceIndex: index, cachedTokens: prefillTokens, crossAttentionLength: cross,
            masks: masks, values: values))
      }
    }
    return records
  }

  private func layers(
    _ stack: StackArchitecture, tokens: Int, correlated: Bool, rng: inout SplitMix64
  ) -> ([ActivationMask], [[Int8]]?) {
    let generator = SyntheticMaskGenerator(
      units: stack.intermediate, density: spec.density, blockCorrelation: spec.blockCorrelation,
      blockSize: spec.blockSize, stepCorrelation: correlated ? spec.decodeCorrelation : 0)
    var masks: [ActivationMask] = []
    var values: [[Int8]] = []
    for _ in 0..<stack.layers {
      let mask = generator.mask(tokenCount: tokens, rng: &rng)
      if spec.storesValues { values.append(SyntheticMaskGenerator.values(for: mask, rng: &rng)) }
      masks.append(mask)
    }
    return (masks, spec.storesValues ? values : nil)
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
    for index in 0..<spec.sequences {
      for record in records(ofSequence: index) { try writer.append(record) }
    }
    try writer.finish()
    return writer.byteCount
  }
}
