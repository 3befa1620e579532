import Foundation

extension EnergyTable {
  /// The citation of the default numbers.
  public static let defaultSource =
    "Horowitz, ISSCC 2014, 45 nm (MAC = mult + add; SRAM 64-bit read 10 pJ at 8 KB, 20 pJ at "
    + "32 KB, 100 pJ at 1 MB, log-interpolated by buffer size, write = read); "
    + "Accelergy/CACTI LPDDR4 reference, 512 pJ per 64-bit access (8 pJ/bit); "
    + "gated MAC = 10% of a MAC (deft-sim assumption); vector op = fp32 mult + add; "
    + "skip hardware from Aladdin 40 nm (register 0.009 pJ/bit, 32-bit comparator 0.029 pJ, "
    + "32-bit counter 0.25 pJ): encoder = comparator + 1 bit, index = priority encoder over "
    + "D*g bits + index register, slot read = operand bits x log2(D) mux levels x 0.009 pJ, "
    + "compaction = 16-bit counter"

  /// Energy of one MAC at `precision` (Horowitz 2014: multiply + add).
  public static func defaultMacPJ(_ precision: OperandPrecision) -> Double {
    switch precision {
    case .int8: return 0.2 + 0.03
    case .fp16, .bf16: return 1.1 + 0.4
    case .fp32: return 3.7 + 0.9
    }
  }

  /// SRAM access energy per byte for a buffer of `kiB`: Horowitz's 64-bit read energies
  /// (10 pJ at 8 KB, 20 pJ at 32 KB, 100 pJ at 1 MB) interpolated linearly in log2(size),
  /// clamped below 8 KB and extrapolated above 1 MB, divided by 8 bytes.
  public static func defaultSRAMPJPerByte(kiB: Double) -> Double {
    let points: [(log2KiB: Double, pj64: Double)] = [(3, 10), (5, 20), (10, 100)]
    let x = log2(max(kiB, 1))
    if x <= points[0].log2KiB { return points[0].pj64 / 8 }
    for i in 1..<points.count where x <= points[i].log2KiB || i == points.count - 1 {
      let (x0, y0) = points[i - 1]
      let (x1, y1) = points[i]
      return (y0 + (y1 - y0) * (x - x0) / (x1 - x0)) / 8
    }
    return points[points.count - 1].pj64 / 8
  }

  /// LPDDR4 per byte: 512 pJ per 64-bit access.
  public static let defaultDRAMPJPerByte = 64.0

  /// Aladdin (40 nm) register energy per bit read or written.
  static let registerPJPerBit = 0.009

  /// Skip-hardware energies for `precision` with `weightsPerPE` slots and `lanesInputBits`
  /// (D·g) bits per skip lane (see ``defaultSource``).
  static func skipHardware(precision: OperandPrecision, weightsPerPE d: Int, laneBits: Int)
    -> (encoder: Double, index: Double, slotRead: Double, compaction: Double)
  {
    let bits = Double(precision.bytesPerWord * 8)
    let encoder = 0.02947 * bits / 32 + registerPJPerBit
    let index = registerPJPerBit * Double(max(laneBits, 1) + bitsToIndex(max(laneBits, 1)) + 1)
    let slotRead = d > 1 ? registerPJPerBit * bits * Double(bitsToIndex(d)) : 0
    return (encoder, index, slotRead, 0.25074 / 2)
  }

  /// The default table for `precision` and the given per-operand buffer sizes.
  public static func defaults(
    precision: OperandPrecision, ifmapKiB: Double, filterKiB: Double, ofmapKiB: Double,
    weightsPerPE: Int = 1, laneBits: Int = 1
  ) -> EnergyTable {
    let mac = defaultMacPJ(precision)
    let skip = skipHardware(precision: precision, weightsPerPE: weightsPerPE, laneBits: laneBits)
    return EnergyTable(
      source: defaultSource, macPJ: mac, gatedMacPJ: mac * 0.1,
      ifmapSRAMReadPJPerByte: defaultSRAMPJPerByte(kiB: ifmapKiB),
      filterSRAMReadPJPerByte: defaultSRAMPJPerByte(kiB: filterKiB),
      ofmapSRAMWritePJPerByte: defaultSRAMPJPerByte(kiB: ofmapKiB),
      dramReadPJPerByte: defaultDRAMPJPerByte, dramWritePJPerByte: defaultDRAMPJPerByte,
      vectorOpPJ: 3.7 + 0.9, staticPowerMW: 0, encoderPJPerElement: skip.encoder,
      indexPJ: skip.index, weightSlotReadPJ: skip.slotRead, compactionPJPerIndex: skip.compaction)
  }
}
