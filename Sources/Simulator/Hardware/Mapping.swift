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

  public init(
    model: Model = .accelerator, accumulatorBytes: Int = 4, packHeads: Bool = true,
    compressedWrites: Bool = true
  ) {
    self.model = model
    self.accumulatorBytes = accumulatorBytes
    self.packHeads = packHeads
    self.compressedWrites = compressedWrites
  }

  /// SCALE-Sim's mapping for operands of `bytes` bytes: every choice off, partial sums as wide
  /// as operands.
  public static func scaleSim(operandBytes bytes: Int) -> Mapping {
    Mapping(
      model: .scaleSim, accumulatorBytes: bytes, packHeads: false, compressedWrites: false)
  }

  public var isScaleSim: Bool { model == .scaleSim }
}
