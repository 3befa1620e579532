/// One value of a sweep spec: a string, a number or a flag. It becomes command-line arguments of
/// `deft-sim train` (`--key value`; a true flag `--key`, a false one nothing).
public enum SweepValue: Sendable, Equatable, Decodable, CustomStringConvertible {
  case string(String)
  case number(Double)
  case flag(Bool)

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let b = try? container.decode(Bool.self) {
      self = .flag(b)
    } else if let d = try? container.decode(Double.self) {
      self = .number(d)
    } else if let s = try? container.decode(String.self) {
      self = .string(s)
    } else {
      throw DecodingError.typeMismatch(
        SweepValue.self,
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription: "expected a string, a number or true/false"))
    }
  }

  /// The value as one argument: integers without a fraction, other numbers in Swift's shortest
  /// round-tripping form (`0.01`, `1e-07`).
  public var description: String {
    switch self {
    case .string(let s): return s
    case .flag(let b): return b ? "true" : "false"
    case .number(let d):
      if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
      return "\(d)"
    }
  }

  /// `--key value`, `--key` or nothing.
  public func arguments(key: String) -> [String] {
    switch self {
    case .flag(let b): return b ? ["--" + key] : []
    default: return ["--" + key, description]
    }
  }
}

/// A spec entry: one value, or a list of values to sweep over.
public enum SweepValues: Sendable, Equatable, Decodable {
  case one(SweepValue)
  case list([SweepValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let list = try? container.decode([SweepValue].self) {
      self = .list(list)
    } else {
      self = .one(try container.decode(SweepValue.self))
    }
  }

  public var values: [SweepValue] {
    switch self {
    case .one(let v): return [v]
    case .list(let l): return l
    }
  }
}
