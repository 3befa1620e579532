/// Builds XML markup (SVG, and the XHTML-compatible HTML of the report) with every text and
/// attribute value escaped, so the output always parses as XML.
public struct MarkupWriter: Sendable {
  public private(set) var markup = ""

  public init() {}

  /// `<name a="v" …>`.
  public mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
    markup += "<\(name)\(Self.attributes(attributes))>"
  }

  /// `</name>`.
  public mutating func close(_ name: String) {
    markup += "</\(name)>"
  }

  /// `<name …>text</name>`, or `<name …/>` when `text` is nil.
  public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String?)
  {
    if let text {
      markup += "<\(name)\(Self.attributes(attributes))>\(Self.escape(text))</\(name)>"
    } else {
      markup += "<\(name)\(Self.attributes(attributes))/>"
    }
  }

  /// Escaped text content.
  public mutating func text(_ text: String) {
    markup += Self.escape(text)
  }

  /// Markup that is already well-formed (a rendered chart, a child writer's output).
  public mutating func raw(_ markup: String) {
    self.markup += markup
  }

  /// A line break, to keep the file readable in a text editor.
  public mutating func newline() {
    markup += "\n"
  }

  /// Escapes `&`, `<`, `>`, `"` and `'` (valid in text and in double-quoted attributes).
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  private static func attributes(_ attributes: [(String, String)]) -> String {
    attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
  }
}

/// Coordinates in SVG attributes: at most two decimals, no trailing zeros (`12`, `12.5`, `3.25`).
public func svgNumber(_ value: Double) -> String {
  FixedDecimal.trimmed(value, maxDigits: 2)
}
