import Foundation

/// Whole-file atomic writes: the bytes go to a ``PartialFile`` that is synced and renamed over
/// the target, so a reader (or a crash, or kill -9) sees the old file or the new one, never a mix.
public enum AtomicFile {
  /// Writes `bytes` to `path`, replacing any existing file atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws(FileOutputError) {
    let file = try PartialFile(finalPath: path)
    try file.write(bytes)
    try file.commit()
  }

  /// Writes `data` to `path`, replacing any existing file atomically.
  public static func write(_ data: Data, to path: String) throws(FileOutputError) {
    try write([UInt8](data), to: path)
  }

  /// Writes `text` as UTF-8 to `path`, replacing any existing file atomically.
  public static func write(_ text: String, to path: String) throws(FileOutputError) {
    try write(Array(text.utf8), to: path)
  }
}
