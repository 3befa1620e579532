import Foundation

/// Writes files atomically: the bytes go to a temporary file beside the target, which is then
/// renamed over it, so a reader (or a crash) never sees a half-written report or baseline.
public enum AtomicFile {
  /// Writes `text` as UTF-8 to `path`, replacing any existing file atomically.
  public static func write(_ text: String, to path: String) throws(ReportError) {
    try write(Data(text.utf8), to: path)
  }

  /// Writes `data` to `path`, replacing any existing file atomically.
  public static func write(_ data: Data, to path: String) throws(ReportError) {
    let target = URL(fileURLWithPath: path)
    let temporary = target.deletingLastPathComponent().appendingPathComponent(
      ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try data.write(to: temporary)
    } catch {
      throw .cannotWrite(path: path, reason: reason(error))
    }
    if rename(temporary.path, target.path) != 0 {
      let message = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw .cannotWrite(
        path: path, reason: "rename from \(temporary.lastPathComponent): \(message)")
    }
  }

  /// Creates `path` (and its parents) when it does not exist yet.
  public static func createDirectory(_ path: String) throws(ReportError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .cannotCreateDirectory(path: path, reason: "a file of that name exists")
      }
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .cannotCreateDirectory(path: path, reason: reason(error))
    }
  }

  private static func reason(_ error: any Error) -> String {
    if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
      posix.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(posix.code))
    {
      return String(cString: strerror(code.rawValue))
    }
    return error.localizedDescription
  }
}
