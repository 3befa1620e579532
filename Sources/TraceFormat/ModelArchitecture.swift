/// The architecture section of a version-2 trace header (and the `--arch` JSON of
/// `deft-sim trace import`): the transformer's stacks and what their MLPs compute, everything the
/// simulator needs to derive every GEMM of every phase (docs/trace-format.md, "Architecture").
public struct ModelArchitecture: Codable, Sendable, Equatable {
  public var name: String
  /// One stack (`encoder` or `decoder`) or two (`encoder` then `decoder`: an encoder–decoder).
  public var stacks: [StackArchitecture]
  /// Vocabulary size: the width of the LM head that decoder tokens run.
  public var vocabSize: Int
  /// Whether the LM head shares the token-embedding matrix.
  public var tiedEmbeddings: Bool

  public init(name: String, stacks: [StackArchitecture], vocabSize: Int, tiedEmbeddings: Bool) {
    self.name = name
    self.stacks = stacks
    self.vocabSize = vocabSize
    self.tiedEmbeddings = tiedEmbeddings
  }

  /// The stack of `role`, if the model has one.
  public func stack(_ role: StackRole) -> StackArchitecture? { stacks.first { $0.role == role } }

  /// Encoder, decoder or both.
  public var isEncoderDecoder: Bool { stack(.encoder) != nil && stack(.decoder) != nil }

  /// The stack whose layers a record of `phase` holds masks for, if the model has it.
  public func stack(for phase: TracePhase) -> StackArchitecture? {
    stack(phase == .encoder ? .encoder : .decoder)
  }

  /// Index of the first layer of `role` in the global layer order (encoder layers first): the
  /// index space of `zeroDefinition.scales` and `deft.skippedLayers`.
  public func firstGlobalLayer(of role: StackRole) -> Int {
    role == .decoder ? (stack(.encoder)?.layers ?? 0) : 0
  }

  /// Layers over all stacks.
  public var totalLayers: Int { stacks.reduce(0) { $0 + $1.layers } }

  /// The phases whose records this architecture admits.
  public var phases: [TracePhase] {
    (stack(.encoder) != nil ? [.encoder] : [])
      + (stack(.decoder) != nil ? [.prefill, .decode] : [])
  }
}

/// Which stack of a model.
public enum StackRole: String, Codable, Sendable, CaseIterable {
  case encoder
  case decoder
}

/// One stack of identical transformer layers.
public struct StackArchitecture: Codable, Sendable, Equatable {
  public var role: StackRole
  public var layers: Int
  /// Hidden size D.
  public var hidden: Int
  /// Query heads H.
  public var heads: Int
  /// Key/value heads (H for multi-head attention, fewer for grouped-query attention, 1 for
  /// multi-query); must divide `heads`.
  public var kvHeads: Int
  /// Size of one head (usually hidden / heads; T5 and some others differ).
  public var headDim: Int
  /// MLP intermediate size F: the units of each mask.
  public var intermediate: Int
  public var mlp: MLPKind

  public init(
    role: StackRole, layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int,
    intermediate: Int, mlp: MLPKind
  ) {
    self.role = role
    self.layers = layers
    self.hidden = hidden
    self.heads = heads
    self.kvHeads = kvHeads
    self.headDim = headDim
    self.intermediate = intermediate
    self.mlp = mlp
  }
}

/// What an MLP computes and which tensor the trace's masks describe.
public enum MLPKind: Sendable, Equatable, Hashable {
  /// `down(act(up(x)))`: the masks are the zeros of `act(up(x))`, the input of the down GEMM.
  case plain(activation: String)
  /// `down(act(gate(x)) * up(x))` (SwiGLU, GeGLU): the masks describe `masks`.
  case gated(activation: String, masks: GatedMaskTensor)

  public var activation: String {
    switch self {
    case .plain(let activation), .gated(let activation, _): return activation
    }
  }

  public var isGated: Bool {
    if case .gated = self { return true }
    return false
  }
}

/// Which tensor of a gated MLP the masks describe.
public enum GatedMaskTensor: String, Codable, Sendable, CaseIterable {
  /// `act(gate(x))`: a zero gate unit makes the unit's up-projection output and down-projection
  /// input useless, so both the up and the down GEMM can skip it (CATS, TEAL-style gating).
  case gate
  /// `act(gate(x)) * up(x)`: known only after both the gate and up GEMMs; only the down GEMM can
  /// skip its zeros.
  case product
}

extension MLPKind: Codable {
  private enum CodingKeys: String, CodingKey { case kind, activation, masks }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let activation = try c.decode(String.self, forKey: .activation)
    switch try c.decode(String.self, forKey: .kind) {
    case "plain": self = .plain(activation: activation)
    case "gated":
      self = .gated(
        activation: activation, masks: try c.decode(GatedMaskTensor.self, forKey: .masks))
    case let kind:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c, debugDescription: "unknown MLP kind '\(kind)' (expected plain, gated)"
      )
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .plain(let activation):
      try c.encode("plain", forKey: .kind)
      try c.encode(activation, forKey: .activation)
    case .gated(let activation, let masks):
      try c.encode("gated", forKey: .kind)
      try c.encode(activation, forKey: .activation)
      try c.encode(masks, forKey: .masks)
    }
  }
}

/// The part of a sequence's inference a record holds.
public enum TracePhase: UInt32, Codable, Sendable, CaseIterable, CustomStringConvertible {
  /// The encoder stack over the whole input (bidirectional attention).
  case encoder = 0
  /// The decoder stack over the prompt (causal attention; writes the KV cache).
  case prefill = 1
  /// Decode steps: one generated token each (reads the KV cache).
  case decode = 2

  public var description: String {
    switch self {
    case .encoder: return "encoder"
    case .prefill: return "prefill"
    case .decode: return "decode"
    }
  }

  /// From a name (`encoder`, `prefill`, `decode`).
  public init?(name: String) {
    guard let phase = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = phase
  }
}
