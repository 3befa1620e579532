import Foundation

/// A JSON value as a sweep spec holds it: axis values, the base hardware config tree. Integers
/// and fractional numbers stay apart so that `32` is written back as `32`.
public indirect enum JSONValue: Codable, Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let value = try? c.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? c.decode(Int.self) {
      self = .int(value)
    } else if let value = try? c.decode(Double.self) {
      self = .double(value)
    } else if let value = try? c.decode(String.self) {
      self = .string(value)
    } else if let value = try? c.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let value): try c.encode(value)
    case .int(let value): try c.encode(value)
    case .double(let value): try c.encode(value)
    case .string(let value): try c.encode(value)
    case .array(let value): try c.encode(value)
    case .object(let value): try c.encode(value)
    }
  }

  /// Compact JSON with sorted keys: the canonical text of a value (digests, CSV cells).
  public var canonicalText: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return "\(value)"
    case .double(let value): return value.isFinite ? "\(value)" : "null"
    case .string(let value): return Self.quoted(value)
    case .array(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
    case .object(let members):
      return "{"
        + members.sorted { $0.key < $1.key }.map {
          Self.quoted($0.key) + ":" + $0.value.canonicalText
        }
        .joined(separator: ",") + "}"
    }
  }

  /// The value as a table cell: strings without quotes, everything else as canonical JSON.
  public var cellText: String {
    if case .string(let value) = self { return value }
    return canonicalText
  }

  /// What kind of value this is, for messages ("a string", "an integer", …).
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The value with `value` stored at the key `path`, creating objects on the way (a non-object
  /// on the way is replaced by an object). `null` removes the key (an axis can drop a key, e.g.
  /// the per-operand buffers when it sets `sram.sharedKiB`).
  public func setting(_ value: JSONValue, at path: [String]) -> JSONValue {
    guard let first = path.first else { return value }
    var members: [String: JSONValue] = [:]
    if case .object(let existing) = self { members = existing }
    if path.count == 1 && value == .null {
      members[first] = nil
    } else {
      members[first] = (members[first] ?? .null).setting(value, at: Array(path.dropFirst()))
    }
    return .object(members)
  }

  /// The number as a Double (integers included), nil for other values.
  public var number: Double? {
    switch self {
    case .int(let value): return Double(value)
    case .double(let value): return value
    default: return nil
    }
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
