import Foundation
import Model

/// The shared data directory: `DEFT_DATA_DIR`, else `../shared/data` next to the repository root
/// found from this file's path.
func testDataDirectory(filePath: String = #filePath) -> String {
  if let env = ProcessInfo.processInfo.environment["DEFT_DATA_DIR"], !env.isEmpty { return env }
  let root = URL(fileURLWithPath: filePath).deletingLastPathComponent()  // TrainingTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository root
  return root.appendingPathComponent("../shared/data").standardizedFileURL.path
}

/// A fresh temporary directory for one test.
func makeTemporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "deft-training-tests-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func writeFile(_ path: String, _ text: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// The fetched model directory (`make model`), found from this file's path.
func testModelDirectory(filePath: String = #filePath) throws -> String {
  let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  return try ModelLocator.resolve(explicit: nil, environment: [:], currentDirectory: root.path)
}
