import Foundation

/// A JSON value as parsed by `StrictJSON`: numbers keep their literal text so that integers of
/// any size are read exactly (a `UInt64` seed, or an out-of-range `2^62` reported as such) and
/// objects keep their key order.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// A short description for messages: `"abc"`, `1e9`, `an object`, ….
  public var summary: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return "\(value)"
    case .number(let text): return text
    case .string(let text):
      return "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
    case .array(let items): return "an array of \(items.count)"
    case .object: return "an object"
    }
  }
}

/// The members of a JSON object in file order (keys are unique: the parser rejects duplicates).
public struct JSONObject: Sendable, Equatable {
  public private(set) var keys: [String] = []
  public private(set) var members: [String: JSONValue] = [:]

  public init() {}

  public subscript(key: String) -> JSONValue? { members[key] }

  /// Adds a member; returns false (and changes nothing) when `key` is already present.
  @discardableResult
  public mutating func insert(_ key: String, _ value: JSONValue) -> Bool {
    guard members[key] == nil else { return false }
    keys.append(key)
    members[key] = value
    return true
  }
}

/// A syntax error: byte offset, 1-based line and column, and what was wrong.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var offset: Int
  public var line: Int
  public var column: Int
  public var message: String

  public var description: String {
    "JSON syntax error at line \(line), column \(column) (byte \(offset)): \(message)"
  }
}

/// A strict RFC 8259 parser: no trailing commas, no comments, no duplicate keys (a duplicate is
/// an error naming its key path), UTF-8 only, nesting at most `TraceLimits.jsonDepth`.
public enum StrictJSON {
  public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0, keyPath: "")
    parser.skipWhitespace()
    guard parser.index == bytes.count else { throw parser.error("unexpected data after the value") }
    return value
  }
}

private struct Parser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    let offset = min(offset ?? index, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<offset where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    return JSONSyntaxError(
      offset: offset, line: line, column: offset - lineStart + 1, message: message)
  }

  mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private var found: String {
    guard index < bytes.count else { return "the end of the text" }
    let byte = bytes[index]
    return byte >= 0x20 && byte < 0x7F
      ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
  }

  mutating func value(depth: Int, keyPath: String) throws(JSONSyntaxError) -> JSONValue {
    guard depth <= TraceLimits.jsonDepth else {
      throw error("nesting deeper than \(TraceLimits.jsonDepth) levels")
    }
    guard index < bytes.count else { throw error("expected a value, found the end of the text") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(depth: depth, keyPath: keyPath)
    case UInt8(ascii: "["): return try array(depth: depth, keyPath: keyPath)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value, found \(found)")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    let utf8 = Array(word.utf8)
    guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8
    else { throw error("expected \(word)") }
    index += utf8.count
    return value
  }

  mutating func object(depth: Int, keyPath: String) throws(JSONSyntaxError) -> JSONValue {
    index += 1
    var object = JSONObject()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a key string, found \(found)")
      }
      let keyStart = index
      let key = try string()
      let path = keyPath.isEmpty ? key : keyPath + "." + key
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after key '\(path)', found \(found)")
      }
      index += 1
      skipWhitespace()
      let member = try value(depth: depth + 1, keyPath: path)
      guard object.insert(key, member) else {
        throw error("duplicate key '\(path)'", at: keyStart)
      }
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else {
        throw error("expected ',' or '}' in an object, found \(found)")
      }
      index += 1
      return .object(object)
    }
  }

  mutating func array(depth: Int, keyPath: String) throws(JSONSyntaxError) -> JSONValue {
    index += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1, keyPath: "\(keyPath)[\(items.count)]"))
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else {
        throw error("expected ',' or ']' in an array, found \(found)")
      }
      index += 1
      return .array(items)
    }
  }

  mutating func number() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    func digits() -> Int {
      let first = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        index += 1
      }
      return index - first
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let integerStart = index
    let integerDigits = digits()
    guard integerDigits > 0 else { throw error("expected digits in a number") }
    if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
      throw error("leading zero in a number", at: integerStart)
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw error("expected digits after '.'") }
    }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits() > 0 else { throw error("expected digits in an exponent") }
    }
    return .number(String(decoding: bytes[start..<index], as: UTF8.self))
  }

  mutating func string() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flushRun() throws(JSONSyntaxError) {
      guard runStart < index else { return }
      guard let text = String(bytes: bytes[runStart..<index], encoding: .utf8) else {
        throw error("invalid UTF-8 in a string", at: runStart)
      }
      scalars.append(contentsOf: text.unicodeScalars)
    }
    while true {
      guard index < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        try flushRun()
        index += 1
        return String(scalars)
      }
      if byte < 0x20 { throw error("control character in a string") }
      if byte != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      try flushRun()
      index += 1
      guard index < bytes.count else { throw error("unterminated escape") }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          else { throw error("unpaired surrogate in a \\u escape") }
          index += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else {
            throw error("unpaired surrogate in a \\u escape")
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
        scalars.append(scalar)
      default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
      }
      runStart = index
    }
  }

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("expected 4 hex digits after \\u") }
    index += 4
    return code
  }
}
