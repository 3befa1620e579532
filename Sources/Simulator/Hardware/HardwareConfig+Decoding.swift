import Foundation

extension HardwareConfig {
  /// Reads and validates the hardware config at `path`.
  public static func load(path: String) throws(HardwareConfigError) -> HardwareConfig {
    guard let data = FileManager.default.contents(atPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw HardwareConfigError(
        file: path,
        issues: [
          HardwareConfigIssue(
            file: path, keyPath: "", problem: exists ? "file not readable" : "no such file",
            expected: "a readable JSON file", found: exists ? "unreadable file" : "nothing",
            hint: "shipped configs are in hwconfigs/")
        ])
    }
    return try decode(json: data, file: path)
  }

  /// Decodes and validates a hardware config from JSON, reporting every problem at once.
  /// `file` names the source in messages.
  public static func decode(json data: Data, file: String) throws(HardwareConfigError)
    -> HardwareConfig
  {
    let issues = IssueList(file: file)
    if let problem = StrictJSONCheck.problem(in: [UInt8](data)) {
      issues.add(
        "", "not valid JSON",
        expected: "a JSON object (RFC 8259: no trailing commas, no duplicate keys)",
        found: "\(problem.message) at line \(problem.line), column \(problem.column) "
          + "(byte offset \(problem.offset))",
        hint: "check commas, quotes and brackets around that position")
      throw HardwareConfigError(file: file, issues: issues.issues)
    }
    let tree: Any
    do {
      tree = try JSONSerialization.jsonObject(with: data, options: [])
    } catch {
      issues.add(
        "", "not valid JSON", expected: "a JSON object", found: "\(error.localizedDescription)",
        hint: "check commas, quotes and brackets")
      throw HardwareConfigError(file: file, issues: issues.issues)
    }
    guard var root = JSONObjectReader(path: "", value: tree, issues: issues) else {
      throw HardwareConfigError(file: file, issues: issues.issues)
    }
    let config = decodeRoot(&root, issues: issues)
    root.rejectUnknownKeys()
    guard issues.issues.isEmpty, let config else {
      throw HardwareConfigError(file: file, issues: issues.issues)
    }
    return config
  }

  private static func decodeRoot(_ root: inout JSONObjectReader, issues: IssueList)
    -> HardwareConfig?
  {
    let version = root.int("formatVersion", range: 1...Int.max)
    if let version, version != currentFormatVersion {
      issues.add(
        "formatVersion", "unsupported format version", expected: "\(currentFormatVersion)",
        found: "\(version)",
        hint: version > currentFormatVersion ? "this file needs a newer deft-sim" : nil)
    }
    let name = root.string("name", nonEmpty: true)
    let description = root.string("description", required: false) ?? ""
    let precisionForMapping = (root.object["operandPrecision"] as? String).flatMap(
      OperandPrecision.init)
    let mapping = decodeMapping(&root, precision: precisionForMapping ?? .int8, issues: issues)
    let peArray = decodePEArray(&root, scaleSim: mapping?.isScaleSim ?? false, issues: issues)
    let clockGHz = root.double("clockGHz", range: HardwareLimits.clockGHz, unit: "GHz")
    let precision = root.choice("operandPrecision", OperandPrecision.self)
    let vectorLanes = root.int("vectorUnitLanes", range: HardwareLimits.vectorUnitLanes)
    let zero = decodeZeroHandling(&root, peArray: peArray, issues: issues)
    let format = decodeActivationFormat(&root, issues: issues)
    let sram = decodeSRAM(&root, issues: issues)
    let dram = root.double(
      "dramBytesPerCycle", range: HardwareLimits.dramBytesPerCycle, unit: "bytes/cycle")
    let doubleBuffering = root.bool("doubleBuffering", required: false) ?? true
    let energy = decodeEnergy(
      &root, precision: precision, sram: sram, peArray: peArray, zero: zero, issues: issues)
    let area = decodeArea(&root, precision: precision ?? .int8, issues: issues)

    guard let version, let name, let peArray, let clockGHz, let precision, let vectorLanes,
      let zero, let format, let sram, let dram, let energy, let mapping, let area
    else { return nil }
    let config = HardwareConfig(
      formatVersion: version, name: name, description: description, peArray: peArray,
      clockGHz: clockGHz, operandPrecision: precision, vectorUnitLanes: vectorLanes,
      zeroHandling: zero, activationFormat: format, sram: sram, dramBytesPerCycle: dram,
      doubleBuffering: doubleBuffering, mapping: mapping, energy: energy, area: area)
    checkCapacities(config, issues: issues)
    return config
  }

  private static func decodePEArray(
    _ root: inout JSONObjectReader, scaleSim: Bool, issues: IssueList
  ) -> PEArray? {
    guard var reader = root.object("peArray") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let rows = reader.int("rows", range: HardwareLimits.arraySide)
    let columns = reader.int("columns", range: HardwareLimits.arraySide)
    let dataflow = reader.choice("dataflow", Dataflow.self)
    let overlap = reader.bool("overlapFoldFillDrain", required: false) ?? !scaleSim
    let slots = reader.int("weightsPerPE", required: false, range: HardwareLimits.weightsPerPE) ?? 1
    if scaleSim && overlap {
      issues.add(
        reader.keyPath("overlapFoldFillDrain"), "impossible combination",
        expected: "false (or absent) with mapping.model \"scale-sim\"", found: "true",
        hint: "SCALE-Sim does not overlap folds; use mapping.model \"accelerator\"")
    }
    if let dataflow, dataflow != .ws, slots != 1 {
      issues.add(
        reader.keyPath("weightsPerPE"), "impossible combination",
        expected: "1 with dataflow \(dataflow.rawValue)", found: "\(slots)",
        hint: "weight slots hold stationary weights: dataflow ws only")
    }
    guard let rows, let columns, let dataflow else { return nil }
    return PEArray(
      rows: rows, columns: columns, dataflow: dataflow, overlapFoldFillDrain: overlap,
      weightsPerPE: slots)
  }

  private static func decodeZeroHandling(
    _ root: inout JSONObjectReader, peArray: PEArray?, issues: IssueList
  ) -> ZeroHandling? {
    guard var reader = root.object("zeroHandling") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let path = reader.path
    guard let mode = reader.choice("mode", ZeroHandling.Mode.self) else {
      _ = reader.raw("granularityUnits", required: false, expected: "")
      _ = reader.raw("lanes", required: false, expected: "")
      _ = reader.raw("laneSplit", required: false, expected: "")
      return nil
    }
    if mode != .skip {
      for key in ["granularityUnits", "lanes", "laneSplit", "foldCompaction"] where reader.has(key)
      {
        _ = reader.raw(key, required: false, expected: "")
        issues.add(
          path + "." + key, "key has no effect", expected: "no '\(key)' with mode \"\(mode)\"",
          found: "'\(key)'", hint: "granularity and lanes apply to mode \"skip\" only")
      }
      return ZeroHandling(mode: mode, granularityUnits: 1, lanes: 0, laneSplit: .none)
    }
    let g = reader.int("granularityUnits", range: HardwareLimits.granularityUnits)
    if let g, g & (g - 1) != 0 {
      issues.add(
        path + ".granularityUnits", "impossible skip granularity",
        expected: "a power of two in 1...64 (blocks must tile the 64-bit mask words)",
        found: "\(g)", hint: "use 1, 2, 4, 8, 16, 32 or 64")
    }
    let lanes = reader.int("lanes", range: HardwareLimits.arraySide)
    let split = reader.choice(
      "laneSplit", ZeroHandling.LaneSplit.self, allowed: [.interleaved, .contiguous, .tokenPerLane])
    let compaction = reader.bool("foldCompaction", required: false) ?? false
    guard let g, let lanes, let split, let peArray else { return nil }
    if compaction && peArray.dataflow != .ws {
      issues.add(
        path + ".foldCompaction", "impossible combination",
        expected: "false (or absent) with dataflow \(peArray.dataflow.rawValue)", found: "true",
        hint: "fold compaction packs stationary weight rows: dataflow ws only (os already "
          + "streams only the union of each row group)")
    }
    let rows = peArray.rows
    switch peArray.dataflow {
    case .is:
      issues.add(
        path + ".mode", "impossible combination", expected: "\"gate\" or \"none\" with dataflow is",
        found: "\"skip\"",
        hint: "input-stationary keeps activations in the PEs, so zeros can only be gated; "
          + "use dataflow ws or os to skip")
    case .ws:
      if lanes * g != rows {
        issues.add(
          path + ".lanes", "impossible combination",
          expected: "lanes × granularityUnits == peArray.rows (\(rows))",
          found: "\(lanes) × \(g) = \(lanes * g)",
          hint: "each ws lane feeds g array rows; use lanes = \(max(1, rows / g))")
      }
      if split == .tokenPerLane {
        issues.add(
          path + ".laneSplit", "impossible combination",
          expected: "\"interleaved\" or \"contiguous\" with dataflow ws",
          found: "\"token-per-lane\"",
          hint: "token-per-lane is the os split (one token per array row)")
      }
    case .os:
      if lanes != rows {
        issues.add(
          path + ".lanes", "impossible combination",
          expected: "lanes == peArray.rows (\(rows)) with dataflow os", found: "\(lanes)",
          hint: "in os every array row is a lane holding one token")
      }
      if split != .tokenPerLane {
        issues.add(
          path + ".laneSplit", "impossible combination",
          expected: "\"token-per-lane\" with dataflow os", found: "\"\(split.rawValue)\"",
          hint: "interleaved/contiguous split K across lanes, which needs dataflow ws")
      }
    }
    return ZeroHandling(
      mode: mode, granularityUnits: g, lanes: lanes, laneSplit: split, foldCompaction: compaction)
  }

  private static func decodeActivationFormat(_ root: inout JSONObjectReader, issues: IssueList)
    -> ActivationFormat?
  {
    guard root.has("activationFormat") else {
      _ = root.raw("activationFormat", required: false, expected: "")
      return ActivationFormat(kind: .dense, metadataBits: 0)
    }
    guard var reader = root.object("activationFormat") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let kind = reader.choice("kind", ActivationFormat.Kind.self)
    let bits = reader.int("metadataBits", range: HardwareLimits.metadataBits)
    guard let kind, let bits else { return nil }
    let allowed: ClosedRange<Int>
    switch kind {
    case .dense: allowed = 0...0
    case .bitmask: allowed = 1...1
    case .rle: allowed = 1...16
    }
    if !allowed.contains(bits) {
      issues.add(
        reader.keyPath("metadataBits"), "impossible combination",
        expected: "\(allowed.lowerBound)...\(allowed.upperBound) for kind \"\(kind)\"",
        found: "\(bits)",
        hint: "dense has no metadata, bitmask 1 bit per unit, rle a 1...16-bit run length")
    }
    return ActivationFormat(kind: kind, metadataBits: bits)
  }

  private static func decodeSRAM(_ root: inout JSONObjectReader, issues: IssueList)
    -> SRAMBuffers?
  {
    guard var reader = root.object("sram") else { return nil }
    defer { reader.rejectUnknownKeys() }
    if reader.has("sharedKiB") {
      let shared = reader.double("sharedKiB", range: HardwareLimits.sramKiB, unit: "KiB")
      for key in ["ifmapKiB", "filterKiB", "ofmapKiB"] where reader.has(key) {
        _ = reader.raw(key, required: false, expected: "")
        issues.add(
          reader.keyPath(key), "impossible combination",
          expected: "either sharedKiB or ifmapKiB + filterKiB + ofmapKiB", found: "both",
          hint: "remove '\(key)' or 'sharedKiB'")
      }
      return shared.map { SRAMBuffers.shared(kiB: $0) }
    }
    let ifmap = reader.double("ifmapKiB", range: HardwareLimits.sramKiB, unit: "KiB")
    let filter = reader.double("filterKiB", range: HardwareLimits.sramKiB, unit: "KiB")
    let ofmap = reader.double("ofmapKiB", range: HardwareLimits.sramKiB, unit: "KiB")
    guard let ifmap, let filter, let ofmap else { return nil }
    return .perOperand(ifmapKiB: ifmap, filterKiB: filter, ofmapKiB: ofmap)
  }

  private static func decodeEnergy(
    _ root: inout JSONObjectReader, precision: OperandPrecision?, sram: SRAMBuffers?,
    peArray: PEArray?, zero: ZeroHandling?, issues: IssueList
  ) -> EnergyTable? {
    let precision = precision ?? .int8
    let third = (sram?.sharedKiB ?? 0) / 3
    let slots = peArray?.weightsPerPE ?? 1
    var table = EnergyTable.defaults(
      precision: precision, ifmapKiB: sram?.ifmapKiB ?? third,
      filterKiB: sram?.filterKiB ?? third, ofmapKiB: sram?.ofmapKiB ?? third,
      weightsPerPE: slots, laneBits: slots * (zero?.granularityUnits ?? 1))
    if let shared = sram?.sharedKiB {
      let perByte = EnergyTable.defaultSRAMPJPerByte(kiB: shared)
      table.ifmapSRAMReadPJPerByte = perByte
      table.filterSRAMReadPJPerByte = perByte
      table.ofmapSRAMWritePJPerByte = perByte
    }
    guard root.has("energy") else {
      _ = root.raw("energy", required: false, expected: "")
      return table
    }
    guard var reader = root.object("energy") else { return nil }
    defer { reader.rejectUnknownKeys() }
    let source = reader.string("source", required: false, nonEmpty: true)
    let fields: [(String, WritableKeyPath<EnergyTable, Double>, String)] = [
      ("macPJ", \.macPJ, "pJ"), ("gatedMacPJ", \.gatedMacPJ, "pJ"),
      ("ifmapSRAMReadPJPerByte", \.ifmapSRAMReadPJPerByte, "pJ/byte"),
      ("filterSRAMReadPJPerByte", \.filterSRAMReadPJPerByte, "pJ/byte"),
      ("ofmapSRAMWritePJPerByte", \.ofmapSRAMWritePJPerByte, "pJ/byte"),
      ("dramReadPJPerByte", \.dramReadPJPerByte, "pJ/byte"),
      ("dramWritePJPerByte", \.dramWritePJPerByte, "pJ/byte"),
      ("vectorOpPJ", \.vectorOpPJ, "pJ"), ("staticPowerMW", \.staticPowerMW, "mW"),
      ("encoderPJPerElement", \.encoderPJPerElement, "pJ"), ("indexPJ", \.indexPJ, "pJ"),
      ("weightSlotReadPJ", \.weightSlotReadPJ, "pJ"),
      ("compactionPJPerIndex", \.compactionPJPerIndex, "pJ"),
    ]
    var overridden = false
    for (key, keyPath, unit) in fields {
      let limit = key == "staticPowerMW" ? HardwareLimits.staticPowerMW : HardwareLimits.energyPJ
      if let value = reader.double(key, required: false, range: limit, unit: unit) {
        table[keyPath: keyPath] = value
        if key != "staticPowerMW" { overridden = true }
      }
    }
    if let source {
      table.source = source
    } else if overridden {
      issues.add(
        reader.keyPath("source"), "missing key",
        expected: "a string citing where the overridden energy numbers come from",
        found: "nothing", hint: "e.g. \"Horowitz ISSCC 2014, 45 nm\"")
    }
    if table.gatedMacPJ > table.macPJ {
      issues.add(
        reader.keyPath("gatedMacPJ"), "impossible combination",
        expected: "gatedMacPJ <= macPJ (\(table.macPJ))", found: "\(table.gatedMacPJ)",
        hint: "a gated MAC cannot cost more than a real one")
    }
    return table
  }

  /// Buffers must hold at least one fold's operand tile (two with double buffering).
  private static func checkCapacities(_ config: HardwareConfig, issues: IssueList) {
    let copies = config.doubleBuffering ? 2 : 1
    let tileBytes =
      config.peArray.rows * config.peArray.columns * config.operandPrecision.bytesPerWord * copies
    let what = "\(copies) × \(config.peArray.rows)×\(config.peArray.columns) operand tile"
    if let shared = config.sram.sharedKiB {
      if shared * 1024 < Double(3 * tileBytes) {  // in Double: a huge size must not trap
        issues.add(
          "sram.sharedKiB", "buffer too small",
          expected: ">= \(Double(3 * tileBytes) / 1024) KiB (three operands, \(what) each)",
          found: "\(shared) KiB", hint: "enlarge the buffer or shrink the PE array")
      }
      return
    }
    let buffers: [(String, Double?)] = [
      ("ifmapKiB", config.sram.ifmapKiB), ("filterKiB", config.sram.filterKiB),
      ("ofmapKiB", config.sram.ofmapKiB),
    ]
    for (key, kiB) in buffers {
      if let kiB, kiB * 1024 < Double(tileBytes) {  // in Double: a huge size must not trap
        issues.add(
          "sram." + key, "buffer too small",
          expected: ">= \(Double(tileBytes) / 1024) KiB (\(what))", found: "\(kiB) KiB",
          hint: "enlarge the buffer or shrink the PE array")
      }
    }
  }
}
