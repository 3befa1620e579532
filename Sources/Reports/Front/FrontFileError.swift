/// Problems reading a front file (`front.json` of `deft-sim sweep train`, or its cached copy
/// `examples/fronts/*.json`). Each message names the file, the place, expected vs found and a hint.
public enum FrontFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No file at the path.
  case missing(path: String)
  /// The file exists but cannot be read, or is larger than ``FrontReport/maximumFileBytes``.
  case unreadable(path: String, reason: String)
  /// Not a front: bad JSON, a missing key, a wrong type, or points that do not match `configs`.
  case malformed(path: String, detail: String)

  static let hint =
    "Hint: pass the front.json that `deft-sim sweep train` writes, or its portable copy made by "
    + "scripts/cache-front.sh SWEEP_DIR."

  public var description: String {
    switch self {
    case .missing(let path):
      return "front file \(path) not found. \(Self.hint)"
    case .unreadable(let path, let reason):
      return "front file \(path): cannot read: \(reason). \(Self.hint)"
    case .malformed(let path, let detail):
      return "front file \(path) is malformed: \(detail). \(Self.hint)"
    }
  }
}
