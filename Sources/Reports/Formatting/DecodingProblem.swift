/// A `DecodingError` as one phrase that names the key path and the expected type
/// (`missing key 'accuracy' at points[2]`), for the malformed-file errors of the JSON readers.
enum DecodingProblem {
  static func describe(_ error: DecodingError) -> String {
    func location(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
      return keys.isEmpty ? "at the top level" : "at " + keys.joined().drop { $0 == "." }
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing key '\(key.stringValue)' \(location(context))"
    case .typeMismatch(let type, let context):
      return "expected \(type) \(location(context))"
    case .valueNotFound(let type, let context):
      return "expected \(type), found null \(location(context))"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "not valid JSON" : "\(context.debugDescription) \(location(context))"
    @unknown default:
      return "\(error)"
    }
  }
}
