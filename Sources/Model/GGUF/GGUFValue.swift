/// One metadata value of a GGUF file.
public enum GGUFValue: Sendable, Equatable {
  case uint(UInt64)
  case int(Int64)
  case float(Double)
  case bool(Bool)
  case string(String)
  case array([GGUFValue])

  /// The value as an integer when it is one (of any width) and fits.
  public var intValue: Int? {
    switch self {
    case .uint(let v): return v <= UInt64(Int.max) ? Int(v) : nil
    case .int(let v): return Int(exactly: v)
    default: return nil
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .float(let v): return v
    case .uint, .int: return intValue.map(Double.init)
    default: return nil
    }
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var arrayValue: [GGUFValue]? {
    if case .array(let a) = self { return a }
    return nil
  }
}
