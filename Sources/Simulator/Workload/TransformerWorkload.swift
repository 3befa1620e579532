import TraceFormat

/// The work a version-2 trace asks of the hardware for one batch of sequences of one phase,
/// derived from the header and the sequences' context lengths alone (docs/trace-format.md,
/// "Workloads of version-2 traces"). Pure derivation: no hardware, no masks.
///
/// Notation: sequence i has tᵢ tokens with context lengths cᵢⱼ; M = Σᵢ tᵢ; D hidden, H query
/// heads, KV key/value heads, G = H/KV, d head size, F intermediate, V vocabulary, X the
/// cross-attention length. Per layer of the phase's stack:
///
/// | GEMM | M × K × N (× instances) | mask |
/// |---|---|---|
/// | qkv-projection | M × D × (H + 2·KV)·d | |
/// | attention-scores, per sequence | tᵢ·G × d × maxⱼ cᵢⱼ (× KV), needed H·d·Σⱼ cᵢⱼ | |
/// | attention-context, per sequence | tᵢ·G × maxⱼ cᵢⱼ × d (× KV), same needed | |
/// | attention-output | M × H·d × D | |
/// | cross-q-projection, cross-attention-scores/context, cross-attention-output | as above with X | |
/// | mlp-gate (gated) | M × D × F | dense |
/// | mlp-up | M × D × F | gated with gate masks: output units |
/// | mlp-down | M × F × D | input units |
///
/// Query heads sharing a KV head are stacked into M (the GQA shape: one pass over each KV head's
/// cache serves G query heads). Decoder phases write 2·KV·d·tᵢ KV-cache elements per layer and
/// read the 2·KV·d·(maxⱼ cᵢⱼ − tᵢ) cached before the record (a decode step: its context minus
/// itself); cross-attention reads 2·KV·d·X. The encoder pass of an encoder–decoder also runs
/// every decoder layer's `cross-kv-projection` (M × D_enc × 2·KV·d) and writes that cache. The LM
/// head (M' × D × V) runs for the last token of each prefill sequence and every decode token.
public struct TransformerWorkload: Sendable, Equatable {
  public var phase: TracePhase
  /// In execution order: the phase's stack layers, then (encoder pass of an encoder–decoder)
  /// the decoder layers' cross-attention K/V projections.
  public var layers: [TransformerLayerWork]
  /// The LM head and the final norm (decoder phases only).
  public var head: [WorkloadGEMM]
  public var headVectorElements: Int

  public init(
    header: TraceHeader, phase: TracePhase, sequences: [WorkloadSequence],
    options: WorkloadOptions = WorkloadOptions()
  ) throws(WorkloadError) {
    guard let architecture = header.architecture else {
      throw .unsupported("a version-1 header: use LayerWorkload")
    }
    guard let stack = architecture.stack(for: phase) else {
      throw .unsupported(
        "phase \(phase) needs a stack the architecture '\(architecture.name)' lacks")
    }
    let cross = architecture.isEncoderDecoder && phase != .encoder
    for (i, sequence) in sequences.enumerated() {
      guard sequence.contextLengths.allSatisfy({ TraceLimits.contextLength.contains($0) }) else {
        throw .invalidSequence(
          index: i, reason: "context lengths outside \(TraceLimits.contextLength)")
      }
      guard !cross || TraceLimits.contextLength.contains(sequence.crossAttentionLength) else {
        throw .invalidSequence(
          index: i, reason: "cross-attention length \(sequence.crossAttentionLength)")
      }
    }
    self.phase = phase
    let builder = LayerWorkBuilder(
      header: header, architecture: architecture, stack: stack, options: options,
      sequences: sequences.filter { $0.tokens > 0 }, crossAttention: cross,
      writesKVCache: phase != .encoder)
    let firstGlobal = architecture.firstGlobalLayer(of: stack.role)
    var layers: [TransformerLayerWork] = []
    for layer in 0..<stack.layers {
      layers.append(try builder.layer(layer, global: firstGlobal + layer))
    }
    if phase == .encoder, architecture.isEncoderDecoder, let decoder = architecture.stack(.decoder)
    {
      for layer in 0..<decoder.layers {
        layers.append(try builder.crossKVProjection(decoder: decoder, layer: layer))
      }
    }
    self.layers = layers
    if phase == .encoder {
      head = []
      headVectorElements = 0
    } else {
      let headTokens =
        phase == .decode ? builder.tokens : sequences.filter { $0.tokens > 0 }.count
      head = [
        try WorkloadGEMM(name: "lm-head", m: headTokens, k: stack.hidden, n: architecture.vocabSize)
      ]
      headVectorElements = try checked(headTokens, stack.hidden)
    }
  }

  /// All GEMMs in order (layers, then the head).
  public var gemms: [WorkloadGEMM] { layers.flatMap(\.gemms) + head }
}

func checked(_ factors: Int...) throws(WorkloadError) -> Int {
  guard let value = TraceLimits.product(factors) else {
    throw .overflow(what: "the product \(factors.map(String.init).joined(separator: " x "))")
  }
  return value
}

func checkedSum(_ terms: [Int]) throws(WorkloadError) -> Int {
  var total = 0
  for term in terms {
    let (next, overflow) = total.addingReportingOverflow(term)
    if overflow { throw .overflow(what: "a sum of \(terms.count) terms") }
    total = next
  }
  return total
}
