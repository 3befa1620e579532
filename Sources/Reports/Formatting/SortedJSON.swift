import Foundation

/// JSON as deft-sim writes it: pretty-printed with sorted keys (stable diffs, golden files),
/// slashes unescaped, a trailing newline.
public enum SortedJSON {
  public static func string<T: Encodable>(_ value: T, what: String) throws(ReportError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
      throw .cannotEncode(what: what, reason: "\(error)")
    }
  }
}
