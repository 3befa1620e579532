import Foundation

/// A WordPiece vocabulary: one token per line of `vocab.txt`, id = line number (0-based).
public struct Vocabulary: Sendable {
  public let tokens: [String]
  public let ids: [String: Int32]

  public init(tokens: [String]) {
    self.tokens = tokens
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
    let text = try UTF8Validation.decode([UInt8](data), context: path)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    if lines.last == "" { lines.removeLast() }
    guard !lines.isEmpty else { throw .vocabulary(path: path, line: 1, problem: "file is empty") }
    self.init(tokens: lines)
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
