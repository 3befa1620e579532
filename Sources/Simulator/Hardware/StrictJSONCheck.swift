/// A strict JSON (RFC 8259) syntax check run before `JSONSerialization`, which on Linux accepts
/// trailing commas and reports errors without a position: the first problem with its 1-based
/// line and column and byte offset, or nil. Also rejects duplicate keys in an object.
struct StrictJSONCheck {
  struct Problem: Error {
    var line: Int
    var column: Int
    var offset: Int
    var message: String
  }

  private let bytes: [UInt8]
  private var i = 0

  static func problem(in data: [UInt8]) -> Problem? {
    var check = StrictJSONCheck(bytes: data)
    do {
      check.skipSpace()
      try check.value(depth: 0)
      check.skipSpace()
      if check.i < data.count { throw check.fail("unexpected data after the JSON value") }
      return nil
    } catch let problem as Problem {
      return problem
    } catch {
      return nil
    }
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func fail(_ message: String) -> Problem {
    var line = 1
    var column = 1
    for b in bytes[..<min(i, bytes.count)] {
      if b == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return Problem(line: line, column: column, offset: i, message: message)
  }

  private mutating func skipSpace() {
    while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
  }

  private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

  private mutating func value(depth: Int) throws {
    guard depth < 64 else { throw fail("nesting deeper than 64 levels") }
    guard let c = current else { throw fail("unexpected end of input, expected a value") }
    switch c {
    case UInt8(ascii: "{"): try object(depth: depth)
    case UInt8(ascii: "["): try array(depth: depth)
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
    default: throw fail("unexpected character '\(Character(Unicode.Scalar(c)))', expected a value")
    }
  }

  private mutating func literal(_ word: String) throws {
    for b in word.utf8 {
      guard current == b else { throw fail("invalid literal, expected '\(word)'") }
      i += 1
    }
  }

  private mutating func number() throws {
    if current == UInt8(ascii: "-") { i += 1 }
    guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
      throw fail("invalid number")
    }
    if first == UInt8(ascii: "0") {
      i += 1
    } else {
      while let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { i += 1 }
    }
    if current == UInt8(ascii: ".") {
      i += 1
      guard let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else {
        throw fail("invalid number: digits expected after '.'")
      }
      while let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { i += 1 }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      i += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
      guard let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else {
        throw fail("invalid number: digits expected in the exponent")
      }
      while let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { i += 1 }
    }
  }

  private mutating func string() throws -> [UInt8] {
    i += 1
    var content: [UInt8] = []
    while let c = current {
      if c == UInt8(ascii: "\"") {
        i += 1
        return content
      }
      if c < 0x20 { throw fail("control character in a string") }
      if c == UInt8(ascii: "\\") {
        i += 1
        guard let e = current else { break }
        if e == UInt8(ascii: "u") {
          for _ in 0..<4 {
            i += 1
            guard let h = current, h.isHexDigit else { throw fail("invalid \\u escape") }
          }
        } else if !"\"\\/bfnrt".utf8.contains(e) {
          throw fail("invalid escape in a string")
        }
        content.append(e)
      } else {
        content.append(c)
      }
      i += 1
    }
    throw fail("unterminated string")
  }

  private mutating func object(depth: Int) throws {
    i += 1
    skipSpace()
    if current == UInt8(ascii: "}") {
      i += 1
      return
    }
    var keys = Set<[UInt8]>()
    while true {
      guard current == UInt8(ascii: "\"") else {
        throw fail(
          current == UInt8(ascii: "}") ? "trailing comma before '}'" : "expected a key string")
      }
      let keyStart = i
      let key = try string()
      if !keys.insert(key).inserted {
        i = keyStart
        throw fail("duplicate key \"\(String(decoding: key, as: UTF8.self))\"")
      }
      skipSpace()
      guard current == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
      i += 1
      skipSpace()
      try value(depth: depth + 1)
      skipSpace()
      if current == UInt8(ascii: ",") {
        i += 1
        skipSpace()
        continue
      }
      guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object") }
      i += 1
      return
    }
  }

  private mutating func array(depth: Int) throws {
    i += 1
    skipSpace()
    if current == UInt8(ascii: "]") {
      i += 1
      return
    }
    while true {
      if current == UInt8(ascii: "]") { throw fail("trailing comma before ']'") }
      try value(depth: depth + 1)
      skipSpace()
      if current == UInt8(ascii: ",") {
        i += 1
        skipSpace()
        continue
      }
      guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
      i += 1
      return
    }
  }
}

extension UInt8 {
  fileprivate var isHexDigit: Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
  }
}
