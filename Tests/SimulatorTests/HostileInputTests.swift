import Foundation
import Simulator
import Testing
import TraceFormat

/// Hostile hardware configs and trace dimensions (docs/hostile-input.md, "Hardware configs"):
/// one row per class: the input, the key the error must name, a fragment of the message.
private let base = """
  {"formatVersion": 1, "name": "t",
   "peArray": {"rows": 32, "columns": 32, "dataflow": "ws"},
   "clockGHz": 1.0, "operandPrecision": "int8", "vectorUnitLanes": 64,
   "zeroHandling": {"mode": "skip", "granularityUnits": 1, "lanes": 32, "laneSplit": "interleaved"},
   "activationFormat": {"kind": "bitmask", "metadataBits": 1},
   "sram": {"ifmapKiB": 256, "filterKiB": 256, "ofmapKiB": 128},
   "dramBytesPerCycle": 16, "doubleBuffering": true,
   "energy": {"source": "test", "staticPowerMW": 30}}
  """

private let configRows: [(name: String, json: String, key: String, fragment: String)] = [
  (
    "tiny DRAM bandwidth",
    base.replacingOccurrences(
      of: "\"dramBytesPerCycle\": 16", with: "\"dramBytesPerCycle\": 1e-300"), "dramBytesPerCycle",
    "out of range"
  ),
  (
    "tiny clock", base.replacingOccurrences(of: "\"clockGHz\": 1.0", with: "\"clockGHz\": 1e-308"),
    "clockGHz", "out of range"
  ),
  (
    "huge MAC energy",
    base.replacingOccurrences(
      of: "\"staticPowerMW\": 30", with: "\"staticPowerMW\": 30, \"macPJ\": 1e308"), "energy.macPJ",
    "out of range"
  ),
  (
    "huge static power",
    base.replacingOccurrences(of: "\"staticPowerMW\": 30", with: "\"staticPowerMW\": 1e20"),
    "energy.staticPowerMW", "out of range"
  ),
  (
    "huge SRAM", base.replacingOccurrences(of: "\"ifmapKiB\": 256", with: "\"ifmapKiB\": 9e15"),
    "sram.ifmapKiB", "out of range"
  ),
  (
    "huge array", base.replacingOccurrences(of: "\"rows\": 32", with: "\"rows\": 1e300"),
    "peArray.rows", "out of range"
  ),
  (
    "huge weight slots",
    base.replacingOccurrences(
      of: "\"dataflow\": \"ws\"", with: "\"dataflow\": \"ws\", \"weightsPerPE\": 100000"),
    "peArray.weightsPerPE", "out of range"
  ),
  (
    "trailing comma",
    base.replacingOccurrences(of: "\"staticPowerMW\": 30}", with: "\"staticPowerMW\": 30,}"), "",
    "trailing comma before '}' at line 8, column 51"
  ),
  (
    "syntax error", base.replacingOccurrences(of: "\"name\": \"t\"", with: "\"name\": t"), "",
    "invalid literal, expected 'true' at line 1, column 31"
  ),
  (
    "duplicate key",
    base.replacingOccurrences(of: "\"name\": \"t\"", with: "\"name\": \"t\", \"name\": \"u\""), "",
    "duplicate key \"name\""
  ),
  (
    "scale-sim with overlap",
    base.replacingOccurrences(
      of: "\"dataflow\": \"ws\"}",
      with:
        "\"dataflow\": \"ws\", \"overlapFoldFillDrain\": true}, \"mapping\": {\"model\": \"scale-sim\"}"
    ), "peArray.overlapFoldFillDrain", "impossible combination"
  ),
  (
    "compaction with os",
    base.replacingOccurrences(of: "\"dataflow\": \"ws\"", with: "\"dataflow\": \"os\"")
      .replacingOccurrences(
        of: "\"laneSplit\": \"interleaved\"",
        with: "\"laneSplit\": \"token-per-lane\", \"foldCompaction\": true"),
    "zeroHandling.foldCompaction", "impossible combination"
  ),
  (
    "accumulator too wide",
    base.replacingOccurrences(
      of: "\"doubleBuffering\": true",
      with: "\"doubleBuffering\": true, \"mapping\": {\"accumulatorBytes\": 16}"),
    "mapping.accumulatorBytes", "out of range"
  ),
]

@Test(arguments: configRows.indices)
func hostileHardwareConfigIsRejected(index: Int) {
  let row = configRows[index]
  do {
    _ = try HardwareConfig.decode(json: Data(row.json.utf8), file: "hostile.json")
    Issue.record("\(row.name): decoded without error")
  } catch {
    #expect(error.issues.contains { $0.keyPath == row.key }, "\(row.name): \(error)")
    #expect(error.description.contains("hostile.json"), "\(row.name)")
    #expect(error.description.contains(row.fragment), "\(row.name): \(error)")
  }
}

/// The base config decodes (so every row fails for its own reason).
@Test func hostileBaseDecodes() throws {
  _ = try HardwareConfig.decode(json: Data(base.utf8), file: "base.json")
}

private let dimensionRows: [(name: String, header: TraceHeader, field: String)] = [
  (
    "hidden 2^62", makeHeader(layers: 1, hidden: 1 << 62, intermediate: 64, heads: 1),
    "model.hidden"
  ),
  (
    "intermediate 2^62", makeHeader(layers: 1, hidden: 16, intermediate: 1 << 62, heads: 1),
    "model.intermediate"
  ),
  (
    "prefix 2^62",
    makeHeader(layers: 1, peft: PEFTDescription(method: "prefix", prefixLength: 1 << 62)),
    "peft.prefixLength"
  ),
  (
    "adapter 2^62",
    makeHeader(layers: 1, peft: PEFTDescription(method: "adapter", adapterWidth: 1 << 62)),
    "peft.adapterWidth"
  ),
]

/// Header dimensions whose GEMMs overflow: an error naming the field and the GEMM, never a trap
/// or a negative count.
@Test(arguments: dimensionRows.indices)
func hostileTraceDimensionsAreRejectedByTheEngine(index: Int) {
  let row = dimensionRows[index]
  do {
    let accumulator = try ReplayAccumulator(header: row.header, config: makeConfig())
    try accumulator.add(
      TraceRecord(
        sequenceIndex: 0,
        masks: [ActivationMask(tokenCount: 2, units: row.header.model.intermediate)]))
    Issue.record("\(row.name): no error")
  } catch {
    #expect(error.description.contains(row.field), "\(row.name): \(error)")
    #expect(error.description.contains("too large"), "\(row.name): \(error)")
  }
}

/// The extremes of every range still give finite, non-negative results.
@Test func extremeButValidConfigGivesFiniteResults() throws {
  var config = makeConfig(mode: .skip, lanes: 4, format: .bitmask)
  config.dramBytesPerCycle = HardwareLimits.dramBytesPerCycle.lowerBound
  config.clockGHz = HardwareLimits.clockGHz.lowerBound
  config.energy.macPJ = HardwareLimits.energyPJ.upperBound
  config.energy.staticPowerMW = HardwareLimits.staticPowerMW.upperBound
  var rng = SeededRandom(seed: 5)
  let header = makeHeader()
  let records = randomRecords(header: header, sequences: 3, maxTokens: 10, density: 0.3, rng: &rng)
  let result = try replay(records, header: header, config: config)
  #expect(result.total.counts.totalCycles > 0)
  #expect(result.total.energyPJ.isFinite && result.total.latencyMicroseconds.isFinite)
  #expect(result.speedup.isFinite && result.energySaving.isFinite)
  #expect(result.sequencesPerSecondPerMM2.isFinite)
}
