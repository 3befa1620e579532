/// Reading a header from JSON goes through one decoder, `TraceHeader(json:)`, whose every failure
/// names its key; the trace reader feeds it `StrictJSON` (duplicate keys rejected), `Decodable`
/// (a header embedded in a results file) feeds it the same tree.
extension TraceHeader {
  private enum CodingKeys: String, CodingKey {
    case formatVersion, model, architecture, peft, deft, task, zeroDefinition, storesValues, seed
    case toolVersion, provenance
  }

  public init(from decoder: any Decoder) throws {
    let tree = try JSONValue(from: decoder)
    do {
      self = try TraceHeader(json: JSONFields(path: "", value: tree))
    } catch {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "\(error.key): \(error.reason)"))
    }
  }

  /// Version 1 writes `model`, version 2 `architecture` (its `model` is derived).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(formatVersion, forKey: .formatVersion)
    if let architecture {
      try c.encode(architecture, forKey: .architecture)
    } else {
      try c.encode(model, forKey: .model)
    }
    try c.encode(peft, forKey: .peft)
    try c.encode(deft, forKey: .deft)
    try c.encode(task, forKey: .task)
    try c.encode(zeroDefinition, forKey: .zeroDefinition)
    try c.encode(storesValues, forKey: .storesValues)
    try c.encode(seed, forKey: .seed)
    try c.encode(toolVersion, forKey: .toolVersion)
    try c.encode(provenance, forKey: .provenance)
  }

  /// Decodes a header of any supported version from a parsed JSON object. Types are checked
  /// here (naming the key); ranges by `validationProblems`.
  public init(json root: JSONFields) throws(TraceHeaderProblem) {
    let version = try root.int("formatVersion")
    guard TraceHeader.supportedFormatVersions.contains(version) else {
      throw TraceHeaderProblem(
        key: "formatVersion",
        reason: "expected \(TraceHeader.supportedFormatVersions), found \(version)")
    }
    let model: ModelDimensions
    var architecture: ModelArchitecture?
    if version >= 2 {
      let decoded = try ModelArchitecture(json: root.object("architecture"))
      architecture = decoded
      model = decoded.compatibilityDimensions
    } else {
      let m = try root.object("model")
      model = ModelDimensions(
        name: try m.string("name"), layers: try m.int("layers"), hidden: try m.int("hidden"),
        intermediate: try m.int("intermediate"), heads: try m.int("heads"))
    }
    let p = try root.object("peft")
    let peft = PEFTDescription(
      method: try p.string("method"), loraRank: try p.optionalInt("loraRank"),
      loraAlpha: try p.optionalDouble("loraAlpha"),
      loraTargets: try p.optionalStringArray("loraTargets"),
      adapterWidth: try p.optionalInt("adapterWidth"), promptTokens: try p.int("promptTokens"),
      prefixLength: try p.int("prefixLength"),
      trainableParameters: try p.optionalInt("trainableParameters"))
    let d = try root.object("deft")
    let deft = DEFTDescription(
      enabled: try d.bool("enabled"), densityWeight: try d.double("densityWeight"),
      densityEps: try d.double("densityEps"), includePadding: try d.bool("includePadding"),
      ada: try d.bool("ada"), skippedLayers: try d.intArray("skippedLayers"))
    let t = try root.object("task")
    let task = TaskDescription(
      name: try t.string("name"), split: try t.string("split"),
      metrics: try t.doubleMap("metrics"))
    self.init(
      formatVersion: version, model: model, peft: peft, deft: deft, task: task,
      zeroDefinition: try ZeroDefinition(json: root.object("zeroDefinition")),
      storesValues: try root.bool("storesValues"), seed: try root.uint64("seed"),
      toolVersion: try root.string("toolVersion"), provenance: try root.stringMap("provenance"))
    self.architecture = architecture
  }
}

extension ZeroDefinition {
  /// Decodes `{"kind": "exact" | "threshold" | "quantized", …}`.
  public init(json fields: JSONFields) throws(TraceHeaderProblem) {
    switch try fields.string("kind") {
    case "exact": self = .exact
    case "threshold":
      let tau = try fields.double("threshold")
      guard abs(tau) <= Double(Float.greatestFiniteMagnitude) else {
        throw TraceHeaderProblem(
          key: fields.key("threshold"), reason: "expected a 32-bit float, found \(tau)")
      }
      self = .threshold(Float(tau))
    case "quantized":
      self = .quantized(bits: try fields.int("bits"), scales: try fields.floatArray("scales"))
    case let kind:
      throw TraceHeaderProblem(
        key: fields.key("kind"),
        reason: "unknown zero definition \"\(kind)\" (expected exact, threshold, quantized)")
    }
  }
}

extension JSONValue: Decodable {
  /// Any JSON through a `Decoder` (object key order is not preserved there).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let flag = try? c.decode(Bool.self) {
      self = .bool(flag)
    } else if let int = try? c.decode(Int64.self) {
      self = .number("\(int)")
    } else if let unsigned = try? c.decode(UInt64.self) {
      self = .number("\(unsigned)")
    } else if let double = try? c.decode(Double.self) {
      self = .number("\(double)")
    } else if let text = try? c.decode(String.self) {
      self = .string(text)
    } else if let items = try? c.decode([JSONValue].self) {
      self = .array(items)
    } else {
      let members = try c.decode([String: JSONValue].self)
      var object = JSONObject()
      for key in members.keys.sorted() { object.insert(key, members[key] ?? .null) }
      self = .object(object)
    }
  }
}
