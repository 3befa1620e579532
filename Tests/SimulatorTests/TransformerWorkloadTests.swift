import Simulator
import Testing
import TraceFormat

/// Hand-worked shapes of version-2 workloads (docs/trace-format.md, "Workloads of version-2
/// traces"). Architectures: a Llama-style decoder (D 48, H 6, KV 2, d 8, F 130, V 500, gated SiLU
/// with gate masks) and a T5-style encoder–decoder (D 32, H = KV = 4, d 6, F 70, gated, product
/// masks in the decoder).
@Suite struct TransformerWorkloadTests {
  static let llama = ModelArchitecture(
    name: "tiny-llama",
    stacks: [
      StackArchitecture(
        role: .decoder, layers: 3, hidden: 48, heads: 6, kvHeads: 2, headDim: 8, intermediate: 130,
        mlp: .gated(activation: "silu", masks: .gate))
    ], vocabSize: 500, tiedEmbeddings: true)
  static let t5 = ModelArchitecture(
    name: "tiny-t5",
    stacks: [
      StackArchitecture(
        role: .encoder, layers: 2, hidden: 32, heads: 4, kvHeads: 4, headDim: 6, intermediate: 70,
        mlp: .gated(activation: "gelu", masks: .gate)),
      StackArchitecture(
        role: .decoder, layers: 3, hidden: 32, heads: 4, kvHeads: 4, headDim: 6, intermediate: 70,
        mlp: .gated(activation: "gelu", masks: .product)),
    ], vocabSize: 300, tiedEmbeddings: false)

  struct Shape: Equatable, CustomStringConvertible {
    var name: String
    var mknI: [Int]
    var mask: WorkloadGEMM.MaskUse
    var needed: Int
    var description: String { "\(name) \(mknI) \(mask) \(needed)" }
  }

  func shapes(_ gemms: [WorkloadGEMM]) -> [Shape] {
    gemms.map {
      Shape(
        name: $0.name, mknI: [$0.m, $0.k, $0.n, $0.instances], mask: $0.mask, needed: $0.neededMACs)
    }
  }

  /// Prefill of one 4-token prompt: causal contexts 1…4.
  @Test func decoderPrefillWithGQAAndGatedMLP() throws {
    let header = TraceHeader(architecture: Self.llama)
    let workload = try TransformerWorkload(
      header: header, phase: .prefill, sequences: [WorkloadSequence(contextLengths: [1, 2, 3, 4])])
    #expect(workload.layers.count == 3)
    let layer = workload.layers[0]
    #expect(
      shapes(layer.gemms) == [
        Shape(name: "qkv-projection", mknI: [4, 48, 80, 1], mask: .none, needed: 15360),
        // 3 query heads per KV head stacked into M = 4 · 3; causal: 6 · 8 · (1+2+3+4) needed.
        Shape(name: "attention-scores", mknI: [12, 8, 4, 2], mask: .none, needed: 480),
        Shape(name: "attention-context", mknI: [12, 4, 8, 2], mask: .none, needed: 480),
        Shape(name: "attention-output", mknI: [4, 48, 48, 1], mask: .none, needed: 9216),
        Shape(name: "mlp-gate", mknI: [4, 48, 130, 1], mask: .none, needed: 24960),
        Shape(name: "mlp-up", mknI: [4, 48, 130, 1], mask: .outputUnits, needed: 24960),
        Shape(name: "mlp-down", mknI: [4, 130, 48, 1], mask: .inputUnits, needed: 24960),
      ])
    #expect(layer.gemms[1].operand == .activations && layer.gemms[1].perSequence)
    #expect(layer.gemms[0].operand == .weights && !layer.gemms[0].perSequence)
    // KV cache: 2 · KV 2 · d 8 · 4 tokens written, nothing cached before.
    #expect(layer.kvCacheWriteElements == 128 && layer.kvCacheReadElements == 0)
    // softmax 6 · 10 + norm 4 · 48 + activation and product 2 · 4 · 130 + norm 4 · 48.
    #expect(layer.vectorElements == 60 + 192 + 1040 + 192)
    // The LM head runs for the prompt's last token only.
    #expect(
      shapes(workload.head) == [
        Shape(name: "lm-head", mknI: [1, 48, 500, 1], mask: .none, needed: 24000)
      ])
    #expect(workload.headVectorElements == 48)
  }

  /// One decode step of three live sequences whose caches hold 4, 8 and 6 tokens: M = 3 (GEMV-like
  /// for the weights), attention per sequence against its own cache.
  @Test func decodeStepOfThreeLiveSequences() throws {
    let header = TraceHeader(architecture: Self.llama)
    let workload = try TransformerWorkload(
      header: header, phase: .decode,
      sequences: [5, 9, 7].map { WorkloadSequence(contextLengths: [$0]) })
    let layer = workload.layers[2]
    #expect(layer.gemms.filter { !$0.perSequence }.allSatisfy { $0.m == 3 })
    #expect(
      shapes(layer.gemms.filter { $0.name == "attention-scores" }) == [
        Shape(name: "attention-scores", mknI: [3, 8, 5, 2], mask: .none, needed: 240),
        Shape(name: "attention-scores", mknI: [3, 8, 9, 2], mask: .none, needed: 432),
        Shape(name: "attention-scores", mknI: [3, 8, 7, 2], mask: .none, needed: 336),
      ])
    // Read the cached 4 + 8 + 6 tokens' keys and values, write the 3 new ones.
    #expect(layer.kvCacheReadElements == 2 * 2 * 8 * 18)
    #expect(layer.kvCacheWriteElements == 2 * 2 * 8 * 3)
    #expect(workload.head.map(\.m) == [3])
    // A record's steps: WorkloadSequence(decodeStep:of:).
    let record = TraceRecord.decode(
      sequenceIndex: 0, cachedTokens: 4,
      masks: (0..<3).map { _ in ActivationMask(tokenCount: 2, units: 130) })
    #expect(WorkloadSequence(decodeStep: 1, of: record).contextLengths == [6])
  }

  /// The encoder pass of an encoder–decoder: two sequences of 3 and 5 tokens (bidirectional), then
  /// each decoder layer's cross-attention K/V projection of the encoder output.
  @Test func encoderPassOfAnEncoderDecoder() throws {
    let header = TraceHeader(architecture: Self.t5)
    let workload = try TransformerWorkload(
      header: header, phase: .encoder,
      sequences: [
        WorkloadSequence(contextLengths: [3, 3, 3]),
        WorkloadSequence(contextLengths: [5, 5, 5, 5, 5]),
      ])
    #expect(workload.layers.map(\.stack) == [.encoder, .encoder, .decoder, .decoder, .decoder])
    let encoder = workload.layers[0]
    #expect(
      encoder.gemms.map(\.name).filter { $0.hasPrefix("mlp") } == [
        "mlp-gate", "mlp-up", "mlp-down",
      ])
    #expect(encoder.gemms.first { $0.name == "mlp-up" }?.mask == .outputUnits)
    #expect(
      shapes(encoder.gemms.filter { $0.name == "attention-scores" }) == [
        Shape(name: "attention-scores", mknI: [3, 6, 3, 4], mask: .none, needed: 216),
        Shape(name: "attention-scores", mknI: [5, 6, 5, 4], mask: .none, needed: 600),
      ])
    #expect(encoder.kvCacheWriteElements == 0 && encoder.kvCacheReadElements == 0)
    #expect(
      shapes(workload.layers[4].gemms) == [
        Shape(name: "cross-kv-projection", mknI: [8, 32, 48, 1], mask: .none, needed: 12288)
      ])
    #expect(workload.layers[4].kvCacheWriteElements == 8 * 48)
    #expect(workload.head.isEmpty)
  }

  /// A decode step of the encoder–decoder's decoder: self-attention over 2 cached tokens plus
  /// itself, cross-attention over the 5 encoder tokens; product masks: only mlp-down skips.
  @Test func encoderDecoderDecodeStep() throws {
    let header = TraceHeader(architecture: Self.t5)
    let workload = try TransformerWorkload(
      header: header, phase: .decode,
      sequences: [WorkloadSequence(contextLengths: [3], crossAttentionLength: 5)])
    let layer = workload.layers[0]
    #expect(
      layer.gemms.map(\.name) == [
        "qkv-projection", "attention-scores", "attention-context", "attention-output",
        "cross-q-projection", "cross-attention-scores", "cross-attention-context",
        "cross-attention-output", "mlp-gate", "mlp-up", "mlp-down",
      ])
    #expect(
      layer.gemms.first { $0.name == "cross-attention-scores" }.map {
        [$0.m, $0.k, $0.n, $0.instances]
      } == [1, 6, 5, 4])
    #expect(layer.gemms.filter { $0.mask != .none }.map(\.name) == ["mlp-down"])
    // Self: 2 cached tokens; cross: 5 encoder tokens; 2 · 4 · 6 per token.
    #expect(layer.kvCacheReadElements == 48 * 2 + 48 * 5)
    #expect(layer.kvCacheWriteElements == 48)
    #expect(layer.vectorElements == 4 * 3 + 32 + 4 * 5 + 32 + 2 * 70 + 32)
    #expect(workload.head.map(\.n) == [300])
  }

  @Test func plainMLPSkippedLayersAndRefusals() throws {
    var architecture = Self.llama
    architecture.stacks[0].mlp = .plain(activation: "gelu")
    var header = TraceHeader(
      architecture: architecture, deft: DEFTDescription(ada: true, skippedLayers: [1]))
    let workload = try TransformerWorkload(
      header: header, phase: .prefill, sequences: [WorkloadSequence(contextLengths: [1, 2])])
    #expect(workload.layers[0].gemms.suffix(2).map(\.name) == ["mlp-up", "mlp-down"])
    #expect(
      workload.layers[0].gemms.first { $0.name == "mlp-up" }?.mask == WorkloadGEMM.MaskUse.none)
    #expect(!workload.layers[1].gemms.contains { $0.name.hasPrefix("mlp") })
    #expect(throws: WorkloadError.self) {
      try TransformerWorkload(header: header, phase: .encoder, sequences: [])
    }
    header = TraceHeader(model: ModelDimensions(layers: 1, hidden: 8, intermediate: 8, heads: 2))
    #expect(throws: WorkloadError.self) {
      try TransformerWorkload(header: header, phase: .encoder, sequences: [])
    }
    #expect(throws: SimulationError.self) {
      try TraceHeaderDimensions(header: TraceHeader(architecture: Self.llama))
    }
  }
}
