/// The allowed range of every numeric hardware-config key (docs/hwconfig.md lists them). Values
/// outside are rejected at decode time, so that every product the engine forms from a config
/// and a trace within the trace limits fits an Int and every Double result is finite.
public enum HardwareLimits {
  public static let arraySide: ClosedRange<Int> = 1...65536
  public static let weightsPerPE: ClosedRange<Int> = 1...256
  public static let accumulatorBytes: ClosedRange<Int> = 1...8
  public static let vectorUnitLanes: ClosedRange<Int> = 1...(1 << 20)
  public static let granularityUnits: ClosedRange<Int> = 1...64
  public static let metadataBits: ClosedRange<Int> = 0...32
  /// GHz: 1 MHz … 100 GHz.
  public static let clockGHz: ClosedRange<Double> = 0.001...100
  /// Bytes per cycle: 1 byte per 1000 cycles … 1 MB per cycle.
  public static let dramBytesPerCycle: ClosedRange<Double> = 0.001...1_000_000
  /// KiB per buffer: 1 byte … 1 TiB.
  public static let sramKiB: ClosedRange<Double> = (1.0 / 1024)...(1024 * 1024 * 1024)
  /// pJ per action: 0 … 1 µJ.
  public static let energyPJ: ClosedRange<Double> = 0...1_000_000
  /// mW: 0 … 10 kW.
  public static let staticPowerMW: ClosedRange<Double> = 0...10_000_000
  /// µm² per component (mm² per byte/cycle for the DRAM interface): 0 … 1 m².
  public static let area: ClosedRange<Double> = 0...1e12
}
