import Foundation

/// Checks the raw command-line bytes, which Swift would otherwise silently repair.
enum RawArguments {
  struct InvalidUTF8: Error, CustomStringConvertible {
    let argumentIndex: Int
    let byteOffset: Int
    var description: String {
      "argument \(argumentIndex): invalid UTF-8 at byte offset \(byteOffset). "
        + "Hint: pass text in UTF-8."
    }
  }

  static func validateUTF8() throws {
    for i in 1..<Int(CommandLine.argc) {
      guard let raw = CommandLine.unsafeArgv[i] else { continue }
      let bytes = Array(UnsafeBufferPointer(start: raw, count: strlen(raw))).map {
        UInt8(bitPattern: $0)
      }
      var iterator = bytes.makeIterator()
      var decoder = UTF8()
      var offset = 0
      loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let s): offset += UTF8.width(s)
        case .emptyInput: break loop
        case .error: throw InvalidUTF8(argumentIndex: i, byteOffset: offset)
        }
      }
    }
  }
}
