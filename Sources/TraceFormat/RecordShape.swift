/// What every record of a trace must match: taken from the header.
struct RecordShape: Sendable {
  /// Layers and units of the masks of one phase's records.
  struct Stack: Sendable, Equatable {
    let layers: Int
    let units: Int
  }

  let formatVersion: Int
  let storesValues: Bool
  /// The stack of each phase the trace admits (version 1: encoder only).
  let stacks: [TracePhase: Stack]
  /// Whether decoder records carry a cross-attention length (an encoder–decoder).
  let crossAttention: Bool

  init(header: TraceHeader) {
    formatVersion = header.formatVersion
    storesValues = header.storesValues
    if let architecture = header.architecture {
      var stacks: [TracePhase: Stack] = [:]
      for phase in architecture.phases {
        if let stack = architecture.stack(for: phase) {
          stacks[phase] = Stack(layers: stack.layers, units: stack.intermediate)
        }
      }
      self.stacks = stacks
      crossAttention = architecture.isEncoderDecoder
    } else {
      stacks = [.encoder: Stack(layers: header.model.layers, units: header.model.intermediate)]
      crossAttention = false
    }
  }

  /// Bytes before the layer sections: version 1 has no phase, cross length or context lengths.
  func payloadHeaderBytes(tokens: Int) -> Int {
    formatVersion >= 2
      ? TraceLayout.payloadHeaderBytesV2 + 4 * tokens : TraceLayout.payloadHeaderBytes
  }

  /// Why `phase` with `tokens` tokens cannot be a record of this trace (nil when it can):
  /// the phase must be admitted, the tokens within limits and the decoded masks within
  /// `TraceLimits.recordMaskBytes`, checked before anything is allocated.
  func problem(phase: TracePhase, tokens: Int) -> (field: String, reason: String)? {
    guard let stack = stacks[phase] else {
      let admitted = TracePhase.allCases.filter { stacks[$0] != nil }.map(\.description)
      return ("phase", "expected one of \(admitted), found \(phase)")
    }
    guard TraceLimits.recordTokens.contains(tokens) else {
      return ("tokenCount", TraceLimits.expected(TraceLimits.recordTokens, found: tokens))
    }
    let bytes = TraceLimits.product([tokens, (stack.units + 63) / 64, 8, stack.layers])
    guard let bytes, bytes <= TraceLimits.recordMaskBytes else {
      return (
        "tokenCount",
        "\(tokens) tokens x \(stack.layers) layers x \(stack.units) units need more than "
          + "\(TraceLimits.recordMaskBytes) bytes of masks (the per-record limit)"
      )
    }
    return nil
  }

  /// Why `contexts` / `cross` cannot belong to a record of `phase` (nil when they can).
  func contextProblem(phase: TracePhase, tokens: Int, contexts: [Int], cross: Int)
    -> (field: String, reason: String)?
  {
    if formatVersion < 2 {
      if phase != .encoder || !contexts.isEmpty || cross != 0 {
        return (
          "phase",
          "a version-1 trace holds encoder records without context lengths; write "
            + "a version-2 header (TraceHeader(architecture:)) for phases and context lengths"
        )
      }
      return nil
    }
    guard contexts.count == tokens else {
      return ("contextLengths", "expected one per token (\(tokens)), found \(contexts.count)")
    }
    if let (i, bad) = contexts.enumerated().first(where: {
      !TraceLimits.contextLength.contains($0.element)
    }) {
      return (
        "contextLengths[\(i)]", TraceLimits.expected(TraceLimits.contextLength, found: bad)
      )
    }
    if crossAttention && phase != .encoder {
      guard TraceLimits.contextLength.contains(cross) else {
        return (
          "crossAttentionLength",
          TraceLimits.expected(TraceLimits.contextLength, found: cross)
            + " (an encoder–decoder's decoder tokens attend the encoder output)"
        )
      }
    } else if cross != 0 {
      return ("crossAttentionLength", "expected 0 (no cross-attention in \(phase)), found \(cross)")
    }
    return nil
  }
}
