/// Typed access to the members of one JSON object, every failure a `TraceHeaderProblem` naming
/// the full key path (`architecture.stacks[0].layers`) and what was expected and found.
/// Integers are read from the literal text, so `2^62`, `1e30` and `2.5` are told apart.
public struct JSONFields: Sendable {
  /// Key path of this object (empty for the root).
  public let path: String
  public let object: JSONObject

  public init(path: String, object: JSONObject) {
    self.path = path
    self.object = object
  }

  /// Wraps `value` found at `path`, which must be an object.
  public init(path: String, value: JSONValue) throws(TraceHeaderProblem) {
    guard case .object(let object) = value else {
      throw TraceHeaderProblem(
        key: path.isEmpty ? "(root)" : path, reason: "expected an object, found \(value.summary)")
    }
    self.init(path: path, object: object)
  }

  public func key(_ name: String) -> String { path.isEmpty ? name : path + "." + name }

  public func has(_ name: String) -> Bool { object[name] != nil && object[name] != .null }

  func problem(_ name: String, _ reason: String) -> TraceHeaderProblem {
    TraceHeaderProblem(key: key(name), reason: reason)
  }

  func value(_ name: String) throws(TraceHeaderProblem) -> JSONValue {
    guard let value = object[name] else { throw problem(name, "missing key") }
    return value
  }

  public func int(_ name: String) throws(TraceHeaderProblem) -> Int {
    try Self.int(value(name), key: key(name))
  }

  public func optionalInt(_ name: String) throws(TraceHeaderProblem) -> Int? {
    has(name) ? try int(name) : nil
  }

  public func uint64(_ name: String) throws(TraceHeaderProblem) -> UInt64 {
    let value = try value(name)
    guard case .number(let text) = value, let number = UInt64(text) else {
      throw problem(name, "expected an integer in 0...\(UInt64.max), found \(value.summary)")
    }
    return number
  }

  public func double(_ name: String) throws(TraceHeaderProblem) -> Double {
    try Self.double(value(name), key: key(name))
  }

  public func optionalDouble(_ name: String) throws(TraceHeaderProblem) -> Double? {
    has(name) ? try double(name) : nil
  }

  public func bool(_ name: String) throws(TraceHeaderProblem) -> Bool {
    let value = try value(name)
    guard case .bool(let flag) = value else {
      throw problem(name, "expected true or false, found \(value.summary)")
    }
    return flag
  }

  public func string(_ name: String) throws(TraceHeaderProblem) -> String {
    try Self.string(value(name), key: key(name))
  }

  public func object(_ name: String) throws(TraceHeaderProblem) -> JSONFields {
    try JSONFields(path: key(name), value: value(name))
  }

  public func array(_ name: String) throws(TraceHeaderProblem) -> [JSONValue] {
    let value = try value(name)
    guard case .array(let items) = value else {
      throw problem(name, "expected an array, found \(value.summary)")
    }
    return items
  }

  public func optionalStringArray(_ name: String) throws(TraceHeaderProblem) -> [String]? {
    guard has(name) else { return nil }
    var strings: [String] = []
    for (i, item) in try array(name).enumerated() {
      strings.append(try Self.string(item, key: "\(key(name))[\(i)]"))
    }
    return strings
  }

  public func intArray(_ name: String) throws(TraceHeaderProblem) -> [Int] {
    var ints: [Int] = []
    for (i, item) in try array(name).enumerated() {
      ints.append(try Self.int(item, key: "\(key(name))[\(i)]"))
    }
    return ints
  }

  /// Numbers that must be finite and representable as `Float`.
  public func floatArray(_ name: String) throws(TraceHeaderProblem) -> [Float] {
    var floats: [Float] = []
    for (i, item) in try array(name).enumerated() {
      let itemKey = "\(key(name))[\(i)]"
      let number = try Self.double(item, key: itemKey)
      guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
        throw TraceHeaderProblem(key: itemKey, reason: "expected a 32-bit float, found \(number)")
      }
      floats.append(Float(number))
    }
    return floats
  }

  public func stringMap(_ name: String) throws(TraceHeaderProblem) -> [String: String] {
    let fields = try object(name)
    var map: [String: String] = [:]
    for member in fields.object.keys { map[member] = try fields.string(member) }
    return map
  }

  public func doubleMap(_ name: String) throws(TraceHeaderProblem) -> [String: Double] {
    let fields = try object(name)
    var map: [String: Double] = [:]
    for member in fields.object.keys { map[member] = try fields.double(member) }
    return map
  }

  /// An integer from its literal: an integer literal that fits `Int`, or a number in exponent or
  /// fraction form whose value is an exact integer below 2^53 (`1e9`).
  public static func int(_ value: JSONValue, key: String) throws(TraceHeaderProblem) -> Int {
    guard case .number(let text) = value else {
      throw TraceHeaderProblem(key: key, reason: "expected an integer, found \(value.summary)")
    }
    if let exact = Int(text) { return exact }
    if let number = Double(text), number.isFinite, number.rounded() == number,
      abs(number) < 9_007_199_254_740_992
    {
      return Int(number)
    }
    let isIntegerLiteral = !text.contains(where: { ".eE".contains($0) })
    throw TraceHeaderProblem(
      key: key,
      reason: isIntegerLiteral
        ? "integer \(text) is out of range (expected \(Int.min)...\(Int.max))"
        : "expected an integer, found \(text)")
  }

  public static func double(_ value: JSONValue, key: String) throws(TraceHeaderProblem) -> Double {
    guard case .number(let text) = value, let number = Double(text) else {
      throw TraceHeaderProblem(key: key, reason: "expected a number, found \(value.summary)")
    }
    guard number.isFinite else {
      throw TraceHeaderProblem(key: key, reason: "expected a finite number, found \(text)")
    }
    return number
  }

  public static func string(_ value: JSONValue, key: String) throws(TraceHeaderProblem) -> String {
    guard case .string(let text) = value else {
      throw TraceHeaderProblem(key: key, reason: "expected a string, found \(value.summary)")
    }
    return text
  }
}
