/// Energy per action in picojoules, with the source of the numbers.
public struct EnergyTable: Codable, Sendable, Equatable {
  /// Where the numbers come from (paper, tool, measurement).
  public var source: String
  /// One multiply-accumulate at the operand precision.
  public var macPJ: Double
  /// One clock-gated multiply-accumulate (zero operand).
  public var gatedMacPJ: Double
  public var ifmapSRAMReadPJPerByte: Double
  public var filterSRAMReadPJPerByte: Double
  public var ofmapSRAMWritePJPerByte: Double
  public var dramReadPJPerByte: Double
  public var dramWritePJPerByte: Double
  /// One vector-unit element operation (softmax, LayerNorm, GELU).
  public var vectorOpPJ: Double
  /// Static (leakage) power in milliwatts; 1 mW × 1 ns = 1 pJ.
  public var staticPowerMW: Double
  /// The mask encoder after GELU, per element: zero compare, bitmask pack, union OR.
  public var encoderPJPerElement: Double
  /// A skip lane's priority encoder emitting one block index (ws), or the os index list entry.
  public var indexPJ: Double
  /// Reading a weight from a D-slot store (`peArray.weightsPerPE` > 1) instead of one register,
  /// per MAC computed.
  public var weightSlotReadPJ: Double
  /// Fold compaction: translating one non-zero unit to its position in the union (rank unit),
  /// per index, and gathering one weight row by index (address generation), per row.
  public var compactionPJPerIndex: Double

  public init(
    source: String, macPJ: Double, gatedMacPJ: Double, ifmapSRAMReadPJPerByte: Double,
    filterSRAMReadPJPerByte: Double,
    ofmapSRAMWritePJPerByte: Double, dramReadPJPerByte: Double, dramWritePJPerByte: Double,
    vectorOpPJ: Double, staticPowerMW: Double, encoderPJPerElement: Double = 0,
    indexPJ: Double = 0, weightSlotReadPJ: Double = 0, compactionPJPerIndex: Double = 0
  ) {
    self.source = source
    self.macPJ = macPJ
    self.gatedMacPJ = gatedMacPJ
    self.ifmapSRAMReadPJPerByte = ifmapSRAMReadPJPerByte
    self.filterSRAMReadPJPerByte = filterSRAMReadPJPerByte
    self.ofmapSRAMWritePJPerByte = ofmapSRAMWritePJPerByte
    self.dramReadPJPerByte = dramReadPJPerByte
    self.dramWritePJPerByte = dramWritePJPerByte
    self.vectorOpPJ = vectorOpPJ
    self.staticPowerMW = staticPowerMW
    self.encoderPJPerElement = encoderPJPerElement
    self.indexPJ = indexPJ
    self.weightSlotReadPJ = weightSlotReadPJ
    self.compactionPJPerIndex = compactionPJPerIndex
  }

  private enum CodingKeys: String, CodingKey {
    case source, macPJ, gatedMacPJ, ifmapSRAMReadPJPerByte, filterSRAMReadPJPerByte
    case ofmapSRAMWritePJPerByte, dramReadPJPerByte, dramWritePJPerByte, vectorOpPJ
    case staticPowerMW, encoderPJPerElement, indexPJ, weightSlotReadPJ, compactionPJPerIndex
  }

  /// The skip-hardware energies are optional (absent: 0), so results written before they existed
  /// decode.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    source = try c.decode(String.self, forKey: .source)
    macPJ = try c.decode(Double.self, forKey: .macPJ)
    gatedMacPJ = try c.decode(Double.self, forKey: .gatedMacPJ)
    ifmapSRAMReadPJPerByte = try c.decode(Double.self, forKey: .ifmapSRAMReadPJPerByte)
    filterSRAMReadPJPerByte = try c.decode(Double.self, forKey: .filterSRAMReadPJPerByte)
    ofmapSRAMWritePJPerByte = try c.decode(Double.self, forKey: .ofmapSRAMWritePJPerByte)
    dramReadPJPerByte = try c.decode(Double.self, forKey: .dramReadPJPerByte)
    dramWritePJPerByte = try c.decode(Double.self, forKey: .dramWritePJPerByte)
    vectorOpPJ = try c.decode(Double.self, forKey: .vectorOpPJ)
    staticPowerMW = try c.decode(Double.self, forKey: .staticPowerMW)
    encoderPJPerElement = try c.decodeIfPresent(Double.self, forKey: .encoderPJPerElement) ?? 0
    indexPJ = try c.decodeIfPresent(Double.self, forKey: .indexPJ) ?? 0
    weightSlotReadPJ = try c.decodeIfPresent(Double.self, forKey: .weightSlotReadPJ) ?? 0
    compactionPJPerIndex = try c.decodeIfPresent(Double.self, forKey: .compactionPJPerIndex) ?? 0
  }
}
