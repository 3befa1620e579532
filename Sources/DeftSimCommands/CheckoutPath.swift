import Foundation

/// Finds a file or directory shipped in the checkout (`hwconfigs/`,
/// `examples/fronts/sst2-front.json`): in the current directory or up to seven above it, else next
/// to the executable (`.build/release/deft-sim`) or above.
enum CheckoutPath {
  static func find(_ relativePath: String, isDirectory: Bool) -> String? {
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      .deletingLastPathComponent()
    for start in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable] {
      var dir = start.standardizedFileURL
      for _ in 0..<8 {
        let candidate = dir.appendingPathComponent(relativePath).path
        var found: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &found),
          found.boolValue == isDirectory
        {
          return candidate
        }
        dir.deleteLastPathComponent()
      }
    }
    return nil
  }

  /// `path` relative to the current directory when it lies inside it (for messages and reports
  /// that should not show machine paths), else unchanged.
  static func display(_ path: String) -> String {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
      .path
    let prefix = here.hasSuffix("/") ? here : here + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
