import Foundation
import Simulator
import Testing

private func validConfig() -> [String: Any] {
  [
    "formatVersion": 1, "name": "t",
    "peArray": ["rows": 32, "columns": 32, "dataflow": "ws"],
    "clockGHz": 1.0, "operandPrecision": "int8", "vectorUnitLanes": 64,
    "zeroHandling": [
      "mode": "skip", "granularityUnits": 1, "lanes": 32, "laneSplit": "interleaved",
    ],
    "activationFormat": ["kind": "bitmask", "metadataBits": 1],
    "sram": ["ifmapKiB": 256, "filterKiB": 256, "ofmapKiB": 128],
    "dramBytesPerCycle": 16, "doubleBuffering": true,
    "energy": ["source": "test", "staticPowerMW": 30],
  ]
}

/// Applies `edit` to a copy of the valid config at a dotted key path (nil value removes it).
private func decode(_ edits: [(String, Any?)]) -> Result<HardwareConfig, HardwareConfigError> {
  var root = validConfig()
  for (path, value) in edits {
    let keys = path.split(separator: ".").map(String.init)
    if keys.count == 1 {
      root[keys[0]] = value
    } else {
      var inner = root[keys[0]] as? [String: Any] ?? [:]
      inner[keys[1]] = value
      root[keys[0]] = inner
    }
  }
  do {
    let data = try JSONSerialization.data(withJSONObject: root)
    return .success(try HardwareConfig.decode(json: data, file: "bad.json"))
  } catch let error as HardwareConfigError {
    return .failure(error)
  } catch {
    return .failure(HardwareConfigError(file: "?", issues: []))
  }
}

@Test func validConfigDecodes() throws {
  let config = try decode([]).get()
  #expect(config.zeroHandling.lanes == 32)
  #expect(config.energy.staticPowerMW == 30)
  #expect(config.energy.macPJ == 0.23)
}

/// One malformed case per row: the edits, the key path the message must name, a fragment of it.
private func malformedCases() -> [(
  name: String, edits: [(String, Any?)], key: String, fragment: String
)] {
  [
    ("wrong type: string for int", [("peArray.rows", "32")], "peArray.rows", "wrong type"),
    ("wrong type: bool for number", [("clockGHz", true)], "clockGHz", "wrong type"),
    ("wrong type: number for bool", [("doubleBuffering", 1)], "doubleBuffering", "wrong type"),
    ("wrong type: fraction for int", [("vectorUnitLanes", 2.5)], "vectorUnitLanes", "wrong type"),
    ("wrong type: object expected", [("sram", 512)], "sram", "wrong type"),
    ("negative size", [("sram.filterKiB", -4)], "sram.filterKiB", "negative value"),
    ("negative bandwidth", [("dramBytesPerCycle", -1)], "dramBytesPerCycle", "negative value"),
    ("zero clock", [("clockGHz", 0)], "clockGHz", "out of range"),
    ("negative energy", [("energy.macPJ", -0.2)], "energy.macPJ", "negative value"),
    ("unknown top-level key", [("clockGhz", 1.0)], "clockGhz", "did you mean 'clockGHz'"),
    ("unknown nested key", [("peArray.colums", 8)], "peArray.colums", "did you mean 'columns'"),
    ("unknown energy key", [("energy.dramPJ", 3)], "energy.dramPJ", "unknown key"),
    (
      "unknown enum value", [("peArray.dataflow", "wss")], "peArray.dataflow", "did you mean \"ws\""
    ),
    ("missing key", [("clockGHz", nil)], "clockGHz", "missing key"),
    ("missing nested key", [("peArray.rows", nil)], "peArray.rows", "missing key"),
    ("future version", [("formatVersion", 2)], "formatVersion", "newer deft-sim"),
    (
      "lanes × g != rows", [("zeroHandling.lanes", 64)], "zeroHandling.lanes",
      "impossible combination"
    ),
    (
      "granularity not a power of two",
      [("zeroHandling.granularityUnits", 3), ("zeroHandling.lanes", 8)],
      "zeroHandling.granularityUnits", "power of two"
    ),
    (
      "skip with input-stationary", [("peArray.dataflow", "is")], "zeroHandling.mode",
      "input-stationary"
    ),
    (
      "os with interleaved split", [("peArray.dataflow", "os")], "zeroHandling.laneSplit",
      "token-per-lane"
    ),
    ("lanes with gate", [("zeroHandling.mode", "gate")], "zeroHandling.lanes", "no effect"),
    (
      "bitmask with 2 bits", [("activationFormat.metadataBits", 2)],
      "activationFormat.metadataBits",
      "impossible combination"
    ),
    ("shared and per-operand", [("sram.sharedKiB", 1024)], "sram.ifmapKiB", "either sharedKiB"),
    ("buffer below one tile", [("sram.ofmapKiB", 1)], "sram.ofmapKiB", "buffer too small"),
    (
      "gated MAC dearer than MAC", [("energy.gatedMacPJ", 5)], "energy.gatedMacPJ",
      "impossible combination"
    ),
    (
      "override without source", [("energy.source", nil), ("energy.macPJ", 0.5)], "energy.source",
      "missing key"
    ),
  ]
}

@Test(arguments: malformedCases().indices)
func malformedConfigIsRejectedNamingFileAndKey(index: Int) {
  let c = malformedCases()[index]
  guard case .failure(let error) = decode(c.edits) else {
    Issue.record("\(c.name): decoded without error")
    return
  }
  let match = error.issues.first { $0.keyPath == c.key }
  #expect(match != nil, "\(c.name): no issue names \(c.key): \(error)")
  #expect(error.description.contains("bad.json"), "\(c.name)")
  #expect(error.description.contains("key '\(c.key)'"), "\(c.name)")
  #expect(error.description.contains(c.fragment), "\(c.name): \(error)")
}

@Test func everyProblemIsReportedAtOnce() {
  guard
    case .failure(let error) = decode([
      ("peArray.rows", "x"), ("clockGHz", nil), ("bogus", 1), ("sram.ifmapKiB", -1),
    ])
  else {
    Issue.record("decoded")
    return
  }
  let keys = Set(error.issues.map(\.keyPath))
  #expect(keys.isSuperset(of: ["peArray.rows", "clockGHz", "bogus", "sram.ifmapKiB"]))
}

@Test func invalidJSONAndMissingFile() {
  #expect(throws: HardwareConfigError.self) {
    try HardwareConfig.decode(json: Data("{\"a\": ".utf8), file: "broken.json")
  }
  do {
    _ = try HardwareConfig.load(path: "/nonexistent/x.json")
  } catch {
    #expect(error.description.contains("/nonexistent/x.json"))
    #expect(error.description.contains("no such file"))
  }
}

@Test(arguments: [
  "dense-npu", "sparse-npu", "sparse-npu-gating", "sparse-npu-block4", "edge-npu",
  "datacenter-npu", "sparse-npu-batched",
])
func shippedConfigsValidate(name: String) throws {
  let path = repositoryRoot.appendingPathComponent("hwconfigs/\(name).json").path
  let config = try HardwareConfig.load(path: path)
  #expect(config.name == name)
  // The resolved config round-trips through its Codable form and validates again.
  let data = try JSONEncoder().encode(config)
  var again = try HardwareConfig.decode(json: data, file: name)
  // Foundation's JSON number parsing may differ in the last bit; energy is compared to 1e-12.
  let pairs: [(Double, Double)] = [
    (again.energy.macPJ, config.energy.macPJ), (again.energy.gatedMacPJ, config.energy.gatedMacPJ),
    (again.energy.vectorOpPJ, config.energy.vectorOpPJ),
    (again.energy.ifmapSRAMReadPJPerByte, config.energy.ifmapSRAMReadPJPerByte),
  ]
  for (a, b) in pairs { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
  again.energy = config.energy
  #expect(again == config)
}

/// Fuzz finding (fuzz-hwconfig): an SRAM size whose bytes overflow `Int` trapped in the capacity
/// check once overflow checks were on. Any outcome but a trap is a pass here; the limits of such
/// sizes belong to the config schema.
@Test(arguments: ["sram.filterKiB", "sram.ifmapKiB", "sram.ofmapKiB"])
func hugeBufferSizeDoesNotTrap(key: String) {
  switch decode([(key, 2.592_233_720_368_547_8e21)]) {
  case .success(let config): #expect(config.sram.filterKiB != nil)
  case .failure(let error): #expect(error.description.contains(key))
  }
}

/// `mapping.residentWeights`: a bool, off by default; with the scale-sim model it has no effect
/// and is an error naming the key.
@Test func residentWeightsKey() throws {
  #expect(try decode([]).get().mapping.residentWeights == false)
  #expect(try decode([("mapping", ["residentWeights": true])]).get().mapping.residentWeights)
  guard case .failure(let error) = decode([("mapping", ["residentWeights": 1])]) else {
    Issue.record("a number for a bool decoded")
    return
  }
  #expect("\(error)".contains("mapping.residentWeights"))
  guard
    case .failure(let scaleSim) = decode([
      ("mapping", ["model": "scale-sim", "residentWeights": true])
    ])
  else {
    Issue.record("residentWeights with scale-sim decoded")
    return
  }
  #expect("\(scaleSim)".contains("mapping.residentWeights"))
}

/// `mapping.fusedMLP`: a bool, off by default; an error naming the key with scale-sim.
@Test func fusedMLPKey() throws {
  #expect(try decode([]).get().mapping.fusedMLP == false)
  #expect(try decode([("mapping", ["fusedMLP": true])]).get().mapping.fusedMLP)
  guard
    case .failure(let scaleSim) = decode([("mapping", ["model": "scale-sim", "fusedMLP": true])])
  else {
    Issue.record("fusedMLP with scale-sim decoded")
    return
  }
  #expect("\(scaleSim)".contains("mapping.fusedMLP"))
}
