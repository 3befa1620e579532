/// Energy per component in picojoules: action counts × the config's energy table.
public struct EnergyBreakdown: Codable, Sendable, Equatable {
  public var macPJ = 0.0
  public var gatedMacPJ = 0.0
  public var sramIfmapPJ = 0.0
  public var sramFilterPJ = 0.0
  public var sramOfmapPJ = 0.0
  /// DRAM reads (without metadata) and writes.
  public var dramPJ = 0.0
  /// Activation metadata: SRAM reads at the ifmap rate, DRAM reads at the DRAM rate.
  public var metadataPJ = 0.0
  public var vectorPJ = 0.0
  /// Static power × latency.
  public var staticPJ = 0.0
  /// Skip hardware: mask encoder, index generation, weight-slot reads, fold compaction.
  public var skipLogicPJ = 0.0

  public init() {}

  public init(counts: ActionCounts, config: HardwareConfig) {
    let e = config.energy
    macPJ = Double(counts.macsComputed) * e.macPJ
    gatedMacPJ = Double(counts.macsGated) * e.gatedMacPJ
    sramIfmapPJ = Double(counts.sramIfmapReadBytes) * e.ifmapSRAMReadPJPerByte
    sramFilterPJ = Double(counts.sramFilterReadBytes) * e.filterSRAMReadPJPerByte
    sramOfmapPJ = Double(counts.sramOfmapWriteBytes) * e.ofmapSRAMWritePJPerByte
    dramPJ =
      Double(counts.dramReadBytes - counts.dramMetadataReadBytes) * e.dramReadPJPerByte
      + Double(counts.dramWriteBytes) * e.dramWritePJPerByte
    metadataPJ =
      Double(counts.sramMetadataReadBytes) * e.ifmapSRAMReadPJPerByte
      + Double(counts.dramMetadataReadBytes) * e.dramReadPJPerByte
    vectorPJ = Double(counts.vectorElements) * e.vectorOpPJ
    // mW × ns = pJ; ns = cycles / GHz.
    staticPJ = e.staticPowerMW * Double(counts.totalCycles) / config.clockGHz
    skipLogicPJ =
      Double(counts.encoderElements) * e.encoderPJPerElement
      + Double(counts.indexGenerations) * e.indexPJ
      + Double(counts.weightSlotReads) * e.weightSlotReadPJ
      + Double(counts.compactionOperations) * e.compactionPJPerIndex
  }

  private enum CodingKeys: String, CodingKey {
    case macPJ, gatedMacPJ, sramIfmapPJ, sramFilterPJ, sramOfmapPJ, dramPJ, metadataPJ
    case vectorPJ, staticPJ, skipLogicPJ
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    macPJ = try c.decode(Double.self, forKey: .macPJ)
    gatedMacPJ = try c.decode(Double.self, forKey: .gatedMacPJ)
    sramIfmapPJ = try c.decode(Double.self, forKey: .sramIfmapPJ)
    sramFilterPJ = try c.decode(Double.self, forKey: .sramFilterPJ)
    sramOfmapPJ = try c.decode(Double.self, forKey: .sramOfmapPJ)
    dramPJ = try c.decode(Double.self, forKey: .dramPJ)
    metadataPJ = try c.decode(Double.self, forKey: .metadataPJ)
    vectorPJ = try c.decode(Double.self, forKey: .vectorPJ)
    staticPJ = try c.decode(Double.self, forKey: .staticPJ)
    skipLogicPJ = try c.decodeIfPresent(Double.self, forKey: .skipLogicPJ) ?? 0
  }

  public var totalPJ: Double {
    macPJ + gatedMacPJ + sramIfmapPJ + sramFilterPJ + sramOfmapPJ + dramPJ + metadataPJ + vectorPJ
      + staticPJ + skipLogicPJ
  }
}
