/// ``Mapping/fusedMLP`` (docs/simulator-model.md, "Fused MLP"): mlp-up (and a gated MLP's
/// mlp-gate) keep their output on chip and mlp-down reads it from there, when the batch's
/// intermediate fits the ifmap buffer; otherwise the MLP runs unfused, as with the key off.
enum FusedMLP {
  /// Whether the intermediate of `m` tokens × `units` (`tensors` of them: 1 plain, 2 gated, at
  /// operand width) fits the usable ifmap buffer (a third of a shared one) on `config`.
  static func fits(tokens m: Int, units: Int, tensors: Int, config: HardwareConfig) -> Bool {
    guard config.mapping.fusedMLP, !config.mapping.isScaleSim, m > 0,
      let bytes = WorkloadBounds.product([
        m, units, tensors, config.operandPrecision.bytesPerWord,
      ])
    else { return false }
    return bytes <= MemoryModel.usable(config: config).ifmap
  }
}
