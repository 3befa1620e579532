/// Failures while writing report files. Each message names the path, what went wrong and a hint.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The output directory could not be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// A file (or its temporary sibling) could not be written or renamed into place.
  case cannotWrite(path: String, reason: String)
  /// A value could not be encoded as JSON (for example a non-finite number).
  case cannotEncode(what: String, reason: String)

  public var description: String {
    switch self {
    case .cannotCreateDirectory(let path, let reason):
      return "\(path): cannot create the output directory: \(reason). "
        + "Hint: check the path and permissions, or pick another --out."
    case .cannotWrite(let path, let reason):
      return "\(path): cannot write: \(reason). "
        + "Hint: check permissions and free disk space; the previous file, if any, is unchanged."
    case .cannotEncode(let what, let reason):
      return "cannot encode \(what) as JSON: \(reason). "
        + "Hint: this is a bug when it happens on a valid trace; please report it."
    }
  }
}
