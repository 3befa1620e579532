import Simulator

/// How the charts break a layer's cost down: cycles by GEMM group (a layer's latency is the sum
/// of its GEMM latencies and its vector cycles) and energy by hardware component.
public enum CostComponents {
  /// Cycle groups, in stacking order.
  public static let cycleGroups = ["attention", "mlp-up", "mlp-down", "peft extra", "vector"]
  /// Energy components, in stacking order.
  public static let energyComponents = [
    "MACs", "gated MACs", "SRAM", "DRAM", "metadata", "vector", "static", "skip logic",
  ]

  /// The group of a workload GEMM name (`qkv-projection` → `attention`, `lora-…` → `peft extra`).
  public static func group(ofGEMM name: String) -> String {
    switch name {
    case "mlp-up": return "mlp-up"
    case "mlp-down": return "mlp-down"
    case _ where name.hasPrefix("adapter") || name.hasPrefix("lora"): return "peft extra"
    default: return "attention"
    }
  }

  /// Cycles per group; the vector unit gets what the GEMMs leave of the layer's total.
  static func cycles(gemms: [WorkResult], total: WorkResult) -> [ComponentValue] {
    var sums = [String: Int]()
    for gemm in gemms { sums[group(ofGEMM: gemm.name), default: 0] += gemm.counts.totalCycles }
    sums["vector"] = total.counts.totalCycles - gemms.map(\.counts.totalCycles).reduce(0, +)
    return cycleGroups.map { ComponentValue(name: $0, value: Double(sums[$0] ?? 0)) }
  }

  static func energy(_ e: EnergyBreakdown) -> [ComponentValue] {
    let values = [
      e.macPJ, e.gatedMacPJ, e.sramIfmapPJ + e.sramFilterPJ + e.sramOfmapPJ, e.dramPJ,
      e.metadataPJ, e.vectorPJ, e.staticPJ, e.skipLogicPJ,
    ]
    return zip(energyComponents, values).map { ComponentValue(name: $0, value: $1) }
  }
}
