import Model
import TraceFormat

/// Writes a version-2 decoder trace: per sequence a prefill record (the prompt's tokens) and one
/// decode record per generated token that ran through the decoder; masks describe the gate
/// activation `silu(W_gate x)` under the header's zero definition.
public struct DecoderTraceRecorder {
  let writer: TraceWriter
  let thresholds: [Float]
  let units: Int

  /// The trace architecture of a Llama-family decoder with a SiLU-gated MLP.
  public static func architecture(_ model: LlamaModel, name: String) -> ModelArchitecture {
    let c = model.config
    return ModelArchitecture(
      name: name,
      stacks: [
        StackArchitecture(
          role: .decoder, layers: c.layers, hidden: c.hidden, heads: c.heads, kvHeads: c.kvHeads,
          headDim: c.headDim, intermediate: c.intermediate,
          mlp: .gated(activation: "silu", masks: .gate))
      ], vocabSize: c.vocabularySize, tiedEmbeddings: true)
  }

  public init(
    path: String, model: LlamaModel, zeroDefinition: ZeroDefinition, task: TaskDescription,
    toolVersion: String, provenance: [String: String]
  ) throws {
    let header = TraceHeader(
      architecture: Self.architecture(model, name: "SmolLM2-135M-Instruct"), task: task,
      zeroDefinition: zeroDefinition, toolVersion: toolVersion, provenance: provenance)
    writer = try TraceWriter(path: path, header: header)
    thresholds = (0..<model.config.layers).map {
      DensityThreshold.threshold(for: zeroDefinition, layer: $0)
    }
    units = model.config.intermediate
  }

  /// The mask of one layer's gate activations `[rows × units]`.
  public func mask(_ gate: UnsafeBufferPointer<Float>, layer: Int) -> ActivationMask {
    ActivationMaskBuilder.mask(
      gate.baseAddress.unsafelyUnwrapped, units: units, rows: 0..<(gate.count / units),
      threshold: thresholds[layer])
  }

  /// Appends one sequence: its prefill record, then one decode record per decode call.
  public func append(
    sequence: Int, promptTokens: Int, records: [(phase: TracePhase, masks: [ActivationMask])]
  ) throws {
    var cached = 0
    for record in records {
      let tokens = record.masks.first?.tokenCount ?? 0
      if record.phase == .prefill {
        try writer.append(.prefill(sequenceIndex: sequence, masks: record.masks))
      } else {
        try writer.append(
          .decode(sequenceIndex: sequence, cachedTokens: cached, masks: record.masks))
      }
      cached += tokens
    }
  }

  public func finish() throws { try writer.finish() }
}
