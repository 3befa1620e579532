/// The header of a `.npy` array (NumPy's format 1.0/2.0/3.0): magic `\x93NUMPY`, version, header
/// length, and a Python dict literal `{'descr': '<u1', 'fortran_order': False, 'shape': (3, 4), }`
/// padded with spaces to a multiple of 64 bytes.
public struct NpyHeader: Sendable, Equatable {
  /// Little-endian or byte-order-free element types: `b1`, `u1`…`u8`, `i1`…`i8`, `f2`, `f4`,
  /// `f8`.
  public var kind: Character
  public var itemSize: Int
  public var shape: [Int]

  public init(kind: Character, itemSize: Int, shape: [Int]) {
    self.kind = kind
    self.itemSize = itemSize
    self.shape = shape
  }

  /// `'<u1'`-style descr (`|` for one-byte types).
  public var descr: String { (itemSize == 1 ? "|" : "<") + "\(kind)\(itemSize)" }

  /// Elements (overflow-checked by the parser).
  public var count: Int { shape.reduce(1, *) }

  public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
  static let maxDimensions = 8
  static let maxHeaderBytes = 1 << 16

  /// The header bytes NumPy would write (version 1.0 when the text fits, else 2.0).
  public func encoded() -> [UInt8] {
    let dims = shape.map(String.init)
    let shapeText = "(" + dims.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    let version: UInt8 = text.utf8.count + 11 < 65_536 ? 1 : 2
    let prefix = version == 1 ? 10 : 12
    let total = (prefix + text.utf8.count + 1 + 63) / 64 * 64
    text += String(repeating: " ", count: total - prefix - text.utf8.count - 1) + "\n"
    var bytes = Self.magic + [version, 0]
    let length = text.utf8.count
    bytes +=
      version == 1
      ? [UInt8(length & 0xFF), UInt8(length >> 8)]
      : (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
    return bytes + Array(text.utf8)
  }

  /// Reads and checks the header at the start of `member`.
  static func read(from member: ZipMemberReader) throws(NpzError) -> NpyHeader {
    func fail(_ reason: String) -> NpzError { member.fail(reason) }
    let start = try member.read(count: min(10, member.remaining))
    guard start.count == 10, Array(start[0..<6]) == magic else {
      throw fail("not a .npy array (no \\x93NUMPY magic)")
    }
    let major = start[6]
    let length: Int
    switch major {
    case 1: length = Int(start.le16(8))
    case 2, 3:
      let more = try member.read(count: 2)
      length = Int(start.le16(8)) | Int(more.le16(0)) << 16
    default: throw fail(".npy format version \(major) (expected 1, 2 or 3)")
    }
    guard length <= maxHeaderBytes, length <= member.remaining else {
      throw fail("header length \(length) is out of range")
    }
    let text = String(decoding: try member.read(count: length), as: UTF8.self)
    return try parse(text, fail: fail)
  }

  static func parse(_ text: String, fail: (String) -> NpzError) throws(NpzError) -> NpyHeader {
    var literal = PythonLiteral(text)
    let dict: [String: PythonLiteral.Value]
    do { dict = try literal.dict() } catch { throw fail("unreadable header \(error.message)") }
    guard case .string(let descr)? = dict["descr"] else { throw fail("header lacks 'descr'") }
    guard case .bool(let fortran)? = dict["fortran_order"] else {
      throw fail("header lacks 'fortran_order'")
    }
    guard case .tuple(let shape)? = dict["shape"] else { throw fail("header lacks 'shape'") }
    let chars = Array(descr)
    guard chars.count >= 3, let size = Int(String(chars[2...])), "<|=".contains(chars[0]),
      "buif".contains(chars[1])
    else {
      let hint =
        descr.hasPrefix(">")
        ? " (big-endian: convert with .astype('<...'))"
        : " (expected e.g. "
          + "'<i8', '|u1', '|b1', '<f4')"
      throw fail("unsupported dtype '\(descr)'\(hint)")
    }
    let kind = chars[1]
    let sizes: [Character: [Int]] = [
      "b": [1], "u": [1, 2, 4, 8], "i": [1, 2, 4, 8], "f": [2, 4, 8],
    ]
    guard sizes[kind]?.contains(size) == true else { throw fail("unsupported dtype '\(descr)'") }
    guard shape.count <= maxDimensions else { throw fail("\(shape.count) dimensions") }
    guard !fortran || shape.count <= 1 else {
      throw fail("Fortran-ordered array (write it with np.ascontiguousarray)")
    }
    guard shape.allSatisfy({ $0 >= 0 }), TraceLimits.product(shape + [size]) != nil else {
      throw fail("shape \(shape) is out of range")
    }
    return NpyHeader(kind: kind, itemSize: size, shape: shape)
  }
}

/// The subset of Python literals a `.npy` header uses: a dict of string keys whose values are
/// strings, booleans or tuples of integers.
struct PythonLiteral {
  enum Value: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
  }

  struct Failure: Error { let message: String }

  private let chars: [Character]
  private var index = 0

  init(_ text: String) { chars = Array(text) }

  private mutating func skipSpace() {
    while index < chars.count, chars[index].isWhitespace { index += 1 }
  }

  private mutating func expect(_ c: Character) throws(Failure) {
    skipSpace()
    guard index < chars.count, chars[index] == c else {
      throw Failure(message: "(expected '\(c)' at character \(index))")
    }
    index += 1
  }

  private mutating func peek(_ c: Character) -> Bool {
    skipSpace()
    return index < chars.count && chars[index] == c
  }

  mutating func dict() throws(Failure) -> [String: Value] {
    try expect("{")
    var result: [String: Value] = [:]
    while !peek("}") {
      let key = try string()
      try expect(":")
      guard result[key] == nil else { throw Failure(message: "(duplicate key '\(key)')") }
      result[key] = try value()
      if !peek("}") { try expect(",") }
    }
    try expect("}")
    return result
  }

  private mutating func string() throws(Failure) -> String {
    skipSpace()
    guard index < chars.count, chars[index] == "'" || chars[index] == "\"" else {
      throw Failure(message: "(expected a string at character \(index))")
    }
    let quote = chars[index]
    index += 1
    let start = index
    while index < chars.count, chars[index] != quote { index += 1 }
    guard index < chars.count else { throw Failure(message: "(unterminated string)") }
    defer { index += 1 }
    return String(chars[start..<index])
  }

  private mutating func value() throws(Failure) -> Value {
    skipSpace()
    if peek("'") || peek("\"") { return .string(try string()) }
    if peek("(") {
      index += 1
      var items: [Int] = []
      while !peek(")") {
        let start = index
        while index < chars.count, chars[index].isNumber || chars[index] == "-" { index += 1 }
        var digits = String(chars[start..<index])
        if index < chars.count, chars[index] == "L" { index += 1 }  // Python 2 longs
        digits = digits.trimmingPrefix("+")
        guard let item = Int(digits) else {
          throw Failure(message: "(expected an integer in the shape at character \(start))")
        }
        items.append(item)
        if !peek(")") { try expect(",") }
      }
      index += 1
      return .tuple(items)
    }
    for (word, flag) in [("True", true), ("False", false)] where chars[index...].starts(with: word)
    {
      index += word.count
      return .bool(flag)
    }
    throw Failure(message: "(unexpected value at character \(index))")
  }
}

extension String {
  fileprivate func trimmingPrefix(_ prefix: String) -> String {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
  }
}
