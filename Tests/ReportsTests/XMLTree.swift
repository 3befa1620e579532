import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed XML element (Foundation's `XMLParser`, available on Linux through FoundationXML).
final class XMLNode {
  let name: String
  let attributes: [String: String]
  var children: [XMLNode] = []
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// This element and every descendant, depth first.
  var all: [XMLNode] { [self] + children.flatMap(\.all) }

  /// Descendants (and self) named `name`.
  func elements(_ name: String) -> [XMLNode] { all.filter { $0.name == name } }

  /// The text of this element and all descendants.
  var allText: String { text + children.map(\.allText).joined() }

  /// Parses `markup`; throws the parser's error (with line and column) when it is not XML.
  static func parse(_ markup: String) throws -> XMLNode {
    let parser = XMLParser(data: Data(markup.utf8))
    let builder = Builder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw XMLProblem(
        message: "\(parser.parserError.map { "\($0)" } ?? "no root element") at line "
          + "\(parser.lineNumber), column \(parser.columnNumber)")
    }
    return root
  }

  struct XMLProblem: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var stack: [XMLNode] = []
    var root: XMLNode?

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      let node = XMLNode(name: elementName, attributes: attributes)
      stack.last?.children.append(node)
      if stack.isEmpty { root = node }
      stack.append(node)
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      stack.last?.text += string
    }
  }
}
