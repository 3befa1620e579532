/// How GEMMs are mapped onto the array and the buffers (docs/simulator-model.md, "Mapping").
///
/// `accelerator` (the default) is what a real accelerator does: partial sums of the live tile at
/// accumulator width, PE weight double-buffering, fill/drain paid per M tile, attention heads
/// packed onto the array, compressed writes. `scale-sim` reproduces SCALE-Sim v3's dense numbers exactly (and
/// deft-sim's memory model as it was before these choices existed): the SCALE-Sim validation
/// runs in this mode.
public struct Mapping: Codable, Sendable, Equatable {
  public enum Model: String, Codable, Sendable, CaseIterable {
    case accelerator
    case scaleSim = "scale-sim"
  }

  public var model: Model
  /// Bytes of a partial sum (int32 for int8 operands); operand bytes under `scale-sim`.
  public var accumulatorBytes: Int
  /// Attention heads whose score or context GEMM fits the array side by side share a fold.
  public var packHeads: Bool
  /// mlp-up writes its output in the MLP-down input's activation format (encoder charged).
  public var compressedWrites: Bool
  /// The weights of a model that fits the filter buffer (all layers and the LM head) stay on chip
  /// across sequences, batches and decode steps: loaded from DRAM once per replay instead of once
  /// per GEMM run (docs/simulator-model.md, "Resident weights"). Off by default (today's
  /// behaviour); written to JSON only when on, so results of other configs are unchanged.
  public var residentWeights: Bool
  /// mlp-up → activation → mlp-down fused: when a batch's intermediate (M × F at operand width;
  /// a gated MLP's gate and up outputs, 2 × M × F) fits the ifmap buffer it never goes to DRAM
  /// (docs/simulator-model.md, "Fused MLP"). Off by default; written only when on.
  public var fusedMLP: Bool

  public init(
    model: Model = .accelerator, accumulatorBytes: Int = 4, packHeads: Bool = true,
    compressedWrites: Bool = true, residentWeights: Bool = false, fusedMLP: Bool = false
  ) {
    self.model = model
    self.accumulatorBytes = accumulatorBytes
    self.packHeads = packHeads
    self.compressedWrites = compressedWrites
    self.residentWeights = residentWeights
    self.fusedMLP = fusedMLP
  }

  private enum CodingKeys: String, CodingKey {
    case model, accumulatorBytes, packHeads, compressedWrites, residentWeights, fusedMLP
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    model = try c.decode(Model.self, forKey: .model)
    accumulatorBytes = try c.decode(Int.self, forKey: .accumulatorBytes)
    packHeads = try c.decode(Bool.self, forKey: .packHeads)
    compressedWrites = try c.decode(Bool.self, forKey: .compressedWrites)
    residentWeights = try c.decodeIfPresent(Bool.self, forKey: .residentWeights) ?? false
    fusedMLP = try c.decodeIfPresent(Bool.self, forKey: .fusedMLP) ?? false
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(model, forKey: .model)
    try c.encode(accumulatorBytes, forKey: .accumulatorBytes)
    try c.encode(packHeads, forKey: .packHeads)
    try c.encode(compressedWrites, forKey: .compressedWrites)
    if residentWeights { try c.encode(residentWeights, forKey: .residentWeights) }
    if fusedMLP { try c.encode(fusedMLP, forKey: .fusedMLP) }
  }

  /// SCALE-Sim's mapping for operands of `bytes` bytes: every choice off, partial sums as wide
  /// as operands.
  public static func scaleSim(operandBytes bytes: Int) -> Mapping {
    Mapping(
      model: .scaleSim, accumulatorBytes: bytes, packHeads: false, compressedWrites: false)
  }

  public var isScaleSim: Bool { model == .scaleSim }
}
