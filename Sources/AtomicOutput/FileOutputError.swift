/// A file or directory that could not be written, synced or moved into place. The message names
/// the final path (what the user asked for), the step that failed and the system's reason; the
/// domain modules wrap it in their own error (`TraceError.io`, `CheckpointError.writeFailed`,
/// `ReportError.cannotWrite`).
public struct FileOutputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The final path being written.
  public var path: String
  /// What failed, e.g. `create .trace.zst.deft-sim-partial-12-a1b2`, `fsync`, `rename`.
  public var operation: String
  /// The system's reason (`strerror`), or a sentence.
  public var reason: String

  public init(path: String, operation: String, reason: String) {
    self.path = path
    self.operation = operation
    self.reason = reason
  }

  public var description: String { "\(path): \(operation) failed: \(reason)" }
}
