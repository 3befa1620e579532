import AtomicOutput

/// Failures while writing report files. Each message names the path, what went wrong and a hint.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A file or report directory (or its partial sibling) could not be written or moved into
  /// place.
  case cannotWrite(path: String, reason: String)
  /// A value could not be encoded as JSON (for example a non-finite number).
  case cannotEncode(what: String, reason: String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason):
      return "\(path): cannot write: \(reason). "
        + "Hint: check the path, permissions and free disk space; the previous output, if any, is "
        + "unchanged."
    case .cannotEncode(let what, let reason):
      return "cannot encode \(what) as JSON: \(reason). "
        + "Hint: this is a bug when it happens on a valid trace; please report it."
    }
  }
}

extension ReportError {
  /// Runs a write, turning its failure into ``cannotWrite(path:reason:)``.
  static func writing(_ body: () throws(FileOutputError) -> Void) throws(ReportError) {
    do throws(FileOutputError) { try body() } catch {
      throw .cannotWrite(path: error.path, reason: "\(error.operation): \(error.reason)")
    }
  }
}
