/// The area of a hardware config in mm² by component, from its ``AreaTable``
/// (docs/hwconfig.md, "Area"). The PE array includes the weight slots, banks and load chain and
/// the zero detector of gating; the skip logic is the lane feeders (FIFO, priority encoder),
/// fold compaction (rank units, index list, gather address generator) and the mask encoder.
public struct AreaBreakdown: Codable, Sendable, Equatable {
  public var peArrayMM2: Double
  public var skipLogicMM2: Double
  public var sramMM2: Double
  public var vectorUnitMM2: Double
  public var dramInterfaceMM2: Double
  public var totalMM2: Double

  /// Bits of the mask encoder's per-tile union and of the fold-compaction index list: sized for
  /// F ≤ 4096 units (the model's F is not part of the config).
  static let maskUnitsProvisioned = 4096

  public init(config: HardwareConfig) {
    let t = config.area
    let a = config.peArray
    let operandBits = Double(config.operandPrecision.bytesPerWord * 8)
    let accumulatorBits = Double(config.mapping.accumulatorBytes * 8)
    let d = Double(a.weightsPerPE)
    let slotBits = a.weightsPerPE > 1 ? Double(bitsToIndex(a.weightsPerPE)) : 0
    let banks = a.overlapFoldFillDrain ? 2.0 : 1.0
    let chain = a.overlapFoldFillDrain ? d * operandBits : 0
    let registers = operandBits + slotBits + accumulatorBits + banks * d * operandBits + chain
    var pe = t.multiplierUM2 + accumulatorBits * t.adderUM2PerBit
    pe += registers * t.registerUM2PerBit
    pe += (d - 1) * operandBits * t.muxUM2PerBit
    let zero = config.zeroHandling
    if zero.mode == .gate || (zero.mode == .skip && a.dataflow == .os) {
      pe += operandBits * t.comparatorUM2PerBit
    }
    peArrayMM2 = pe * Double(a.rows * a.columns) / 1e6

    var skip = 0.0
    if zero.mode == .skip {
      let g = Double(zero.granularityUnits)
      let units = Double(Self.maskUnitsProvisioned)
      // The encoder after GELU: a zero comparator per vector lane, the tile's union register.
      skip += Double(config.vectorUnitLanes) * operandBits * t.comparatorUM2PerBit
      skip += units * t.registerUM2PerBit
      switch a.dataflow {
      case .ws:
        // Per lane: a 4-entry FIFO of g values + slot index, a priority encoder over D·g bits
        // (≈ one register bit per input bit), a g-value select of D inputs.
        let fifo = 4 * (g * operandBits + slotBits + 1)
        let encoder = d * g
        let select = (d - 1) * g * operandBits
        skip +=
          Double(zero.lanes)
          * ((fifo + encoder) * t.registerUM2PerBit + select * t.muxUM2PerBit)
        if zero.foldCompaction {
          // Per lane a rank unit (16-bit counter + 64-bit popcount adder tree); the loader's
          // index list (2 bytes per union entry) and a 16-bit address generator.
          skip += Double(zero.lanes) * (16 + 64) * t.adderUM2PerBit
          skip += 16 * t.adderUM2PerBit + 16 * t.registerUM2PerBit
          skip += units * 2 / 1024 * t.sramUM2PerKiB(bufferKiB: units * 2 / 1024)
        }
      case .os, .is:
        // Per row a feeder inserting zeros for gated rows; the group's index list and the
        // weight fetch by index at the top of the array.
        skip += Double(a.rows) * operandBits * t.muxUM2PerBit
        skip += units / 8 * 2 / 1024 * t.sramUM2PerKiB(bufferKiB: 1)
        skip += 16 * t.adderUM2PerBit + 16 * t.registerUM2PerBit
      }
    }
    skipLogicMM2 = skip / 1e6

    let s = config.sram
    let buffers =
      s.sharedKiB.map { [$0] } ?? [s.ifmapKiB, s.filterKiB, s.ofmapKiB].compactMap { $0 }
    sramMM2 = buffers.reduce(0) { $0 + $1 * t.sramUM2PerKiB(bufferKiB: $1) } / 1e6
    vectorUnitMM2 = Double(config.vectorUnitLanes) * t.vectorLaneUM2 / 1e6
    dramInterfaceMM2 = config.dramBytesPerCycle * t.dramInterfaceMM2PerBytePerCycle
    totalMM2 = peArrayMM2 + skipLogicMM2 + sramMM2 + vectorUnitMM2 + dramInterfaceMM2
  }
}

/// ⌈log2 n⌉ for n ≥ 1.
func bitsToIndex(_ n: Int) -> Int {
  n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
}
