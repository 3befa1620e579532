/// What is wrong with a sweep spec or a sweep directory. Every case names the file and the place
/// in it, what was expected and what was found.
public enum SweepError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case notJSON(path: String, reason: String)
  case unknownKey(path: String, place: String, key: String, allowed: [String])
  case badValue(path: String, place: String, key: String, expected: String, found: String)
  case emptyGrid(path: String)
  case emptyList(path: String, place: String, key: String)
  case duplicateName(path: String, name: String)
  case invalidPoint(path: String, point: String, problem: String)
  case output(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): cannot read the sweep spec: \(reason)"
    case .notJSON(let path, let reason):
      return "\(path): not a sweep spec (JSON object expected): \(reason)"
    case .unknownKey(let path, let place, let key, let allowed):
      return
        "\(path): \(place): unknown key '\(key)' (expected one of: \(allowed.joined(separator: ", ")))"
    case .badValue(let path, let place, let key, let expected, let found):
      return "\(path): \(place): '\(key)' expected \(expected), found \(found)"
    case .emptyGrid(let path):
      return
        "\(path): the grid is empty: 'points' needs at least one entry (e.g. [{\"name\": \"peft\"}])"
    case .emptyList(let path, let place, let key):
      return "\(path): \(place): '\(key)' is an empty list: give at least one value"
    case .duplicateName(let path, let name):
      return
        "\(path): two points are named '\(name)': give the groups distinct 'name's"
    case .invalidPoint(let path, let point, let problem):
      return "\(path): point '\(point)' cannot run: \(problem)"
    case .output(let path, let reason): return "\(path): \(reason)"
    }
  }
}
