import Foundation

/// Finds the data directory that holds `glue/<TASK>/<split>.tsv` and `squad/dev-v1.1.json`.
///
/// Order: an explicit `--data DIR`, else `DEFT_DATA_DIR`, else `../shared/data` relative to the
/// current directory, else `../shared/data` relative to the repository root (the first directory
/// holding `Package.swift` above the executable). An explicit directory that does not exist is an
/// error, never silently replaced by a fallback.
public enum DataLocator {
  public static let environmentKey = "DEFT_DATA_DIR"
  public static let defaultRelativePath = "../shared/data"

  public static func resolve(
    explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    executablePath: String = CommandLine.arguments.first ?? ""
  ) throws(DatasetError) -> String {
    if let explicit {
      guard isDirectory(explicit) else {
        throw .explicitDirectoryMissing(path: explicit, source: "--data")
      }
      return explicit
    }
    if let env = environment[environmentKey], !env.isEmpty {
      guard isDirectory(env) else {
        throw .explicitDirectoryMissing(path: env, source: environmentKey)
      }
      return env
    }
    var searched: [String] = []
    let fromCurrent = standardized(currentDirectory + "/" + defaultRelativePath)
    searched.append(fromCurrent)
    if isDirectory(fromCurrent) { return fromCurrent }
    if let root = repositoryRoot(above: executablePath) {
      let fromRoot = standardized(root + "/" + defaultRelativePath)
      if !searched.contains(fromRoot) { searched.append(fromRoot) }
      if isDirectory(fromRoot) { return fromRoot }
    }
    throw .dataDirectoryNotFound(searched: searched)
  }

  /// The path of `relativePath` (e.g. `glue/SST-2/dev.tsv`) inside `dataDirectory`, checked to
  /// exist.
  public static func file(
    _ relativePath: String, in dataDirectory: String, dataset: String
  ) throws(DatasetError) -> String {
    let path =
      dataDirectory.hasSuffix("/")
      ? dataDirectory + relativePath : dataDirectory + "/" + relativePath
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue
    else { throw .fileMissing(path: path, dataset: dataset) }
    return path
  }

  /// The first directory at or above the executable's directory that holds `Package.swift`.
  static func repositoryRoot(above executablePath: String) -> String? {
    guard !executablePath.isEmpty else { return nil }
    var dir = URL(fileURLWithPath: executablePath).deletingLastPathComponent().standardizedFileURL
    for _ in 0..<12 {
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
        return dir.path
      }
      let parent = dir.deletingLastPathComponent()
      if parent.path == dir.path { return nil }
      dir = parent
    }
    return nil
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
  }

  static func standardized(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}
