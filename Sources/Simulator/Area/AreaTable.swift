import Foundation

/// Area per component in µm² at the energy table's node (45 nm), with the source of the numbers
/// (docs/hwconfig.md, "Area"). Defaults: Aladdin's 40 nm component tables (Shao et al., ISCA
/// 2014, as shipped in Accelergy's Aladdin plug-in) scaled by (45/40)²; SRAM from a 45 nm 6T
/// bitcell (0.346 µm², Intel 45 nm) over a size-dependent array efficiency.
public struct AreaTable: Codable, Sendable, Equatable {
  public var source: String
  /// Multiplier at the operand precision.
  public var multiplierUM2: Double
  /// Adder of one accumulator bit (an accumulator adder is `accumulatorBytes · 8` of them).
  public var adderUM2PerBit: Double
  /// One flip-flop bit (registers, weight slots, load chain, FIFOs).
  public var registerUM2PerBit: Double
  /// A 2:1 multiplexer of one bit (weight-slot select, lane value select).
  public var muxUM2PerBit: Double
  /// A comparator bit (zero detection for gating and for the encoder).
  public var comparatorUM2PerBit: Double
  /// One vector-unit lane (fp32 multiplier and adder).
  public var vectorLaneUM2: Double
  /// DRAM interface (controller and PHY) per byte per cycle of bandwidth, in mm².
  public var dramInterfaceMM2PerBytePerCycle: Double
  /// SRAM per KiB for a buffer of that size; nil: the default table by size.
  public var sramUM2PerKiB: Double?

  public init(
    source: String, multiplierUM2: Double, adderUM2PerBit: Double, registerUM2PerBit: Double,
    muxUM2PerBit: Double, comparatorUM2PerBit: Double, vectorLaneUM2: Double,
    dramInterfaceMM2PerBytePerCycle: Double, sramUM2PerKiB: Double? = nil
  ) {
    self.source = source
    self.multiplierUM2 = multiplierUM2
    self.adderUM2PerBit = adderUM2PerBit
    self.registerUM2PerBit = registerUM2PerBit
    self.muxUM2PerBit = muxUM2PerBit
    self.comparatorUM2PerBit = comparatorUM2PerBit
    self.vectorLaneUM2 = vectorLaneUM2
    self.dramInterfaceMM2PerBytePerCycle = dramInterfaceMM2PerBytePerCycle
    self.sramUM2PerKiB = sramUM2PerKiB
  }

  public static let defaultSource =
    "Aladdin 40 nm component tables (Shao et al., ISCA 2014; Accelergy Aladdin plug-in): "
    + "32x32 multiplier 6350 um2 (quadratic in width), 32-bit adder 278 um2, register 5.98 um2/bit, "
    + "32-bit comparator 71 um2, scaled by (45/40)^2 to 45 nm; fp units and 2:1 mux "
    + "(0.3 register bit) are deft-sim estimates from these; SRAM: 6T bitcell 0.346 um2 "
    + "(Intel 45 nm) / array efficiency 40 % at 8 KiB to 70 % at 1 MiB (log-interpolated, "
    + "deft-sim assumption); DRAM interface 0.2 mm2 per byte/cycle (deft-sim assumption)"

  /// (45/40)²: Aladdin's 40 nm areas at the energy table's 45 nm.
  static let nodeScale = (45.0 / 40.0) * (45.0 / 40.0)

  /// Integer multiplier of `bits` × `bits` (Aladdin: 6350 µm² at 32 bits, quadratic).
  static func intMultiplierUM2(bits: Int) -> Double {
    6350 * Double(bits * bits) / 1024 * nodeScale
  }

  static let adderBitUM2 = 278.0 / 32 * nodeScale

  /// The default table for `precision`.
  public static func defaults(precision: OperandPrecision) -> AreaTable {
    let multiplier: Double
    switch precision {
    case .int8: multiplier = intMultiplierUM2(bits: 8)
    // Floating point: the mantissa multiplier (+ hidden bit) and an exponent adder, ×1.5 for
    // normalisation and rounding (deft-sim estimate).
    case .bf16: multiplier = (intMultiplierUM2(bits: 8) + 8 * adderBitUM2) * 1.5
    case .fp16: multiplier = (intMultiplierUM2(bits: 11) + 5 * adderBitUM2) * 1.5
    case .fp32: multiplier = (intMultiplierUM2(bits: 24) + 8 * adderBitUM2) * 1.5
    }
    // An fp32 adder ≈ 4 integer adders of 32 bits (alignment, add, normalise; estimate).
    let fp32Multiplier = (intMultiplierUM2(bits: 24) + 8 * adderBitUM2) * 1.5
    let fp32Adder = 4 * 32 * adderBitUM2
    return AreaTable(
      source: defaultSource, multiplierUM2: multiplier,
      adderUM2PerBit: precision == .int8 ? adderBitUM2 : 4 * adderBitUM2,
      registerUM2PerBit: 5.98 * nodeScale, muxUM2PerBit: 0.3 * 5.98 * nodeScale,
      comparatorUM2PerBit: 71.0 / 32 * nodeScale, vectorLaneUM2: fp32Multiplier + fp32Adder,
      dramInterfaceMM2PerBytePerCycle: 0.2)
  }

  /// µm² per KiB of a buffer of `kiB`: 8192 bitcells of 0.346 µm² over an array efficiency
  /// log-interpolated from 40 % (≤ 8 KiB) to 70 % (≥ 1 MiB).
  public func sramUM2PerKiB(bufferKiB kiB: Double) -> Double {
    if let sramUM2PerKiB { return sramUM2PerKiB }
    let x = min(max(log2(max(kiB, 1)), 3), 10)
    let efficiency = 0.4 + 0.3 * (x - 3) / 7
    return 8192 * 0.346 / efficiency
  }
}
