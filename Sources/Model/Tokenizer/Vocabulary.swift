import Foundation

/// A WordPiece vocabulary: one token per line of `vocab.txt`, id = line number (0-based).
public struct Vocabulary: Sendable {
  public let tokens: [String]
  public let ids: [String: Int32]
  /// The file read, for error messages (`vocab.txt` when built from a list).
  public let source: String

  /// Most tokens a vocabulary may hold (ids are `Int32`; `BertConfig.Limits.vocabSize`).
  public static let maxCount = 1 << 22

  public init(tokens: [String], source: String = "vocab.txt") {
    precondition(tokens.count <= Self.maxCount, "\(tokens.count) tokens > \(Self.maxCount)")
    self.tokens = tokens
    self.source = source
    var ids: [String: Int32] = [:]
    ids.reserveCapacity(tokens.count)
    for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
    self.ids = ids
  }

  /// Reads `vocab.txt`; the file must be valid UTF-8.
  public init(path: String) throws(ModelError) {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    try self.init(bytes: [UInt8](data), path: path)
  }

  /// Parses the bytes of a `vocab.txt` (`path` names it in errors): one token per line, `\n` or
  /// `\r\n` line ends, valid UTF-8.
  public init(bytes: [UInt8], path: String) throws(ModelError) {
    let text = try UTF8Validation.decode(bytes, context: path)
    // Split on "\n" as Unicode scalars: as Characters, "\r\n" is one grapheme and a CRLF file
    // would be a single line.
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      line in String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line))
    }
    if lines.last == "" { lines.removeLast() }
    guard !lines.isEmpty else { throw .vocabulary(path: path, line: 1, problem: "file is empty") }
    guard lines.count <= Self.maxCount else {
      throw .vocabulary(
        path: path, line: Self.maxCount + 1,
        problem: "more than \(Self.maxCount) tokens (found \(lines.count))")
    }
    self.init(tokens: lines, source: path)
  }

  public var count: Int { tokens.count }

  public func id(_ token: String) -> Int32? { ids[token] }
}

/// Strict UTF-8 decoding that reports the offset of the first invalid byte.
public enum UTF8Validation {
  public static func decode(_ bytes: [UInt8], context: String) throws(ModelError) -> String {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var scalars = String.UnicodeScalarView()
    var offset = 0
    var consumed = 0
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let s):
        scalars.append(s)
        consumed += UTF8.width(s)
        offset = consumed
      case .emptyInput: break loop
      case .error: throw .invalidUTF8(context: context, byteOffset: offset)
      }
    }
    return String(scalars)
  }
}
