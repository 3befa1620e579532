import TraceFormat

/// ``Mapping/residentWeights`` (docs/simulator-model.md, "Resident weights"): the weights of a
/// model that fits the filter buffer are loaded from DRAM once per replay and stay on chip across
/// sequences, batches and decode steps; every weight GEMM then moves no weight bytes, and the one
/// load is counted as a `weights-load` entry of the first layer (on the config and on its dense
/// baseline alike). Attention's second operand (keys and values) is never resident.
enum ResidentWeights {
  /// Whether `bytes` of weights stay on chip on `config`: the key is on and they fit the whole
  /// per-operand filter buffer, or half of a shared buffer (the other half for activations).
  static func fits(bytes: Int, config: HardwareConfig) -> Bool {
    guard config.mapping.residentWeights, !config.mapping.isScaleSim, bytes > 0 else {
      return false
    }
    let capacity =
      config.sram.sharedKiB.map { $0 * 1024 / 2 } ?? (config.sram.filterKiB ?? 0) * 1024
    return Double(bytes) <= capacity
  }

  /// The one load of `bytes` of resident weights.
  static func load(bytes: Int, config: HardwareConfig) -> GEMMCost {
    var counts = ActionCounts()
    counts.dramReadBytes = bytes
    counts.memoryCycles = MemoryModel.transferCycles(bytes: bytes, config: config)
    counts.totalCycles = counts.memoryCycles
    return GEMMCost(counts: counts, dramFilterReadBytes: bytes, order: .fold)
  }

  /// Weight bytes of a version-1 model: every layer's token-parallel GEMMs (not attention).
  static func bytes(dims: TraceHeaderDimensions, options: WorkloadOptions, config: HardwareConfig)
    -> Int
  {
    var words = 0
    for layer in 0..<dims.layers {
      let work = LayerWorkload(header: dims, layer: layer, tokens: 1, options: options)
      for gemm in work.gemms where !gemm.perSequence { words += gemm.k * gemm.n * gemm.instances }
    }
    return words * config.operandPrecision.bytesPerWord
  }

  /// Weight bytes of a version-2 model: each GEMM with a weight operand of every phase's
  /// workload for one token, counted once per stack, layer and name (prefill and decode share
  /// the decoder's weights), plus the LM head once.
  static func bytes(header: TraceHeader, options: WorkloadOptions, config: HardwareConfig) -> Int {
    guard let architecture = header.architecture else { return 0 }
    var seen: [String: Int] = [:]
    for phase in architecture.phases {
      let one = WorkloadSequence(
        contextLengths: [1], crossAttentionLength: architecture.isEncoderDecoder ? 1 : 0)
      guard
        let work = try? TransformerWorkload(
          header: header, phase: phase, sequences: [one], options: options)
      else { continue }
      for layer in work.layers {
        for gemm in layer.gemms where gemm.operand == .weights {
          seen["\(layer.stack)-\(layer.layer)-\(gemm.name)"] = gemm.k * gemm.n * gemm.instances
        }
      }
      for gemm in work.head { seen[gemm.name] = gemm.k * gemm.n * gemm.instances }
    }
    return seen.values.reduce(0, +) * config.operandPrecision.bytesPerWord
  }
}
