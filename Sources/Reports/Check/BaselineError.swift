/// Problems with a speedup baseline file. Each message says what, where, expected vs found, and
/// a hint.
public enum BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No file at the path.
  case missing(path: String)
  /// The file exists but cannot be read.
  case unreadable(path: String, reason: String)
  /// The file is not a baseline: bad JSON, a missing key, a wrong type.
  case malformed(path: String, detail: String)
  /// The file was written by another baseline format version.
  case unsupportedVersion(path: String, found: Int, expected: Int)
  /// The baseline was recorded for other traces, configs or pairs than those given.
  case mismatch(path: String, problems: [String])
  /// Two given traces share a file name (the baseline identifies traces by file name).
  case duplicateTraceName(String)
  /// Writing the baseline failed.
  case cannotWrite(ReportError)

  static let rerecordHint =
    "pass the traces and configs the baseline was recorded with, or re-record it with "
    + "--update-baseline (and commit the new file) if the change is intended"

  public var description: String {
    switch self {
    case .missing(let path):
      return "baseline \(path) not found. Hint: record it with `deft-sim check --baseline "
        + "\(path) --update-baseline TRACE… --hw HW.json…` and commit it."
    case .unreadable(let path, let reason):
      return "baseline \(path): cannot read: \(reason). Hint: check the path and permissions."
    case .malformed(let path, let detail):
      return "baseline \(path) is malformed: \(detail). Hint: it must be the JSON written by "
        + "`deft-sim check --update-baseline`; re-record it."
    case .unsupportedVersion(let path, let found, let expected):
      return "baseline \(path): formatVersion \(found), this deft-sim reads \(expected). "
        + "Hint: re-record it with --update-baseline."
    case .mismatch(let path, let problems):
      return "baseline \(path) does not match the given inputs: "
        + problems.joined(separator: "; ") + ". Hint: \(Self.rerecordHint)."
    case .duplicateTraceName(let name):
      return "two traces are named \(name); the baseline identifies traces by file name. "
        + "Hint: rename one of them."
    case .cannotWrite(let error):
      return "\(error)"
    }
  }
}
