import Foundation

/// Finds the model directory: an explicit `--model DIR`, else `DEFT_MODEL_DIR`, else the default
/// model fetched by `make model` into `.cache/model` of the checkout (searched upwards from the
/// current directory and from the executable).
public enum ModelLocator {
  public static let environmentKey = "DEFT_MODEL_DIR"
  public static let defaultRelativePath = ".cache/model"

  public static func resolve(
    explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    executablePath: String = CommandLine.arguments.first ?? ""
  ) throws(ModelError) -> String {
    if let explicit { return explicit }
    if let env = environment[environmentKey], !env.isEmpty { return env }
    var searched: [String] = []
    let executableDir = URL(fileURLWithPath: executablePath).deletingLastPathComponent().path
    for start in [currentDirectory, executableDir] {
      var dir = URL(fileURLWithPath: start).standardizedFileURL
      for _ in 0..<8 {
        let candidate = dir.appendingPathComponent(defaultRelativePath).path
        if FileManager.default.fileExists(atPath: candidate + "/config.json") { return candidate }
        if !searched.contains(candidate) { searched.append(candidate) }
        let parent = dir.deletingLastPathComponent()
        if parent.path == dir.path { break }
        dir = parent
      }
    }
    throw .modelNotFound(searched: Array(searched.prefix(3)))
  }
}
