// Decoding of the `mapping` and `area` objects of a hardware config (docs/hwconfig.md).

extension HardwareConfig {
  static func decodeMapping(
    _ root: inout JSONObjectReader, precision: OperandPrecision, issues: IssueList
  ) -> Mapping? {
    guard root.has("mapping") else {
      _ = root.raw("mapping", required: false, expected: "")
      return Mapping()
    }
    guard var reader = root.object("mapping") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let model = reader.choice("model", Mapping.Model.self, required: false) ?? .accelerator
    if model == .scaleSim {
      for key in [
        "accumulatorBytes", "packHeads", "compressedWrites", "residentWeights",
        "fusedMLP",
      ]
      where reader.has(key) {
        _ = reader.raw(key, required: false, expected: "")
        issues.add(
          reader.keyPath(key), "key has no effect",
          expected: "no '\(key)' with model \"scale-sim\"", found: "'\(key)'",
          hint: "the scale-sim model fixes every mapping choice to SCALE-Sim's")
      }
      return Mapping.scaleSim(operandBytes: precision.bytesPerWord)
    }
    let accumulator =
      reader.int(
        "accumulatorBytes", required: false, range: HardwareLimits.accumulatorBytes) ?? 4
    let pack = reader.bool("packHeads", required: false) ?? true
    let compressed = reader.bool("compressedWrites", required: false) ?? true
    let resident = reader.bool("residentWeights", required: false) ?? false
    let fused = reader.bool("fusedMLP", required: false) ?? false
    return Mapping(
      model: model, accumulatorBytes: accumulator, packHeads: pack, compressedWrites: compressed,
      residentWeights: resident, fusedMLP: fused)
  }

  static func decodeArea(
    _ root: inout JSONObjectReader, precision: OperandPrecision, issues: IssueList
  ) -> AreaTable? {
    var table = AreaTable.defaults(precision: precision)
    guard root.has("area") else {
      _ = root.raw("area", required: false, expected: "")
      return table
    }
    guard var reader = root.object("area") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let source = reader.string("source", required: false, nonEmpty: true)
    let fields: [(String, WritableKeyPath<AreaTable, Double>, String)] = [
      ("multiplierUM2", \.multiplierUM2, "um2"), ("adderUM2PerBit", \.adderUM2PerBit, "um2"),
      ("registerUM2PerBit", \.registerUM2PerBit, "um2"), ("muxUM2PerBit", \.muxUM2PerBit, "um2"),
      ("comparatorUM2PerBit", \.comparatorUM2PerBit, "um2"),
      ("vectorLaneUM2", \.vectorLaneUM2, "um2"),
      ("dramInterfaceMM2PerBytePerCycle", \.dramInterfaceMM2PerBytePerCycle, "mm2 per byte/cycle"),
    ]
    var overridden = false
    for (key, keyPath, unit) in fields {
      if let value = reader.double(key, required: false, range: HardwareLimits.area, unit: unit) {
        table[keyPath: keyPath] = value
        overridden = true
      }
    }
    if let value = reader.double(
      "sramUM2PerKiB", required: false, range: HardwareLimits.area, unit: "um2 per KiB")
    {
      table.sramUM2PerKiB = value
      overridden = true
    }
    if let source {
      table.source = source
    } else if overridden {
      issues.add(
        reader.keyPath("source"), "missing key",
        expected: "a string citing where the overridden area numbers come from",
        found: "nothing", hint: "e.g. \"CACTI 7, 22 nm\"")
    }
    return table
  }
}
