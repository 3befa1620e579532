import Foundation

/// Runs the built `deft-sim` executable (found next to the test bundle, else in
/// `.build/release` or `.build/debug` of the checkout) and captures its output.
enum BuiltBinary {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static var path: String? {
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      .deletingLastPathComponent()
    let candidates = [
      bundleDir.appendingPathComponent("deft-sim").path,
      bundleDir.deletingLastPathComponent().appendingPathComponent("deft-sim").path,
      repoRoot.appendingPathComponent(".build/release/deft-sim").path,
      repoRoot.appendingPathComponent(".build/debug/deft-sim").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `deft-sim` with `arguments` through `/bin/sh` so that tests can pass raw bytes
  /// (`$(printf '\377')`). `arguments` is shell text.
  static func run(shell arguments: String, environment: [String: String] = [:]) throws -> Result {
    guard let path else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "'\(path)' \(arguments)"]
    process.currentDirectoryURL = repoRoot
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
