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

  public init(
    source: String, macPJ: Double, gatedMacPJ: Double, ifmapSRAMReadPJPerByte: Double,
    filterSRAMReadPJPerByte: Double,
    ofmapSRAMWritePJPerByte: Double, dramReadPJPerByte: Double, dramWritePJPerByte: Double,
    vectorOpPJ: Double, staticPowerMW: Double
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
  }
}
