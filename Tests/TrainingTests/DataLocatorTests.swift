import Foundation
import Testing
import Training

@Suite struct DataLocatorTests {
  @Test func explicitThenEnvironmentThenRelative() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(try DataLocator.resolve(explicit: dir, environment: [:]) == dir)
    #expect(
      try DataLocator.resolve(explicit: nil, environment: ["DEFT_DATA_DIR": dir]) == dir)
    // ../shared/data relative to the current directory.
    try FileManager.default.createDirectory(
      atPath: dir + "/shared/data", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: dir + "/repo/.build/debug", withIntermediateDirectories: true)
    let found = try DataLocator.resolve(
      explicit: nil, environment: [:], currentDirectory: dir + "/repo", executablePath: "")
    #expect(found == dir + "/shared/data")
    // From the executable: the repository root is the directory holding Package.swift.
    try writeFile(dir + "/repo/Package.swift", "")
    let fromExecutable = try DataLocator.resolve(
      explicit: nil, environment: [:], currentDirectory: "/nonexistent/x/y",
      executablePath: dir + "/repo/.build/debug/deft-sim")
    #expect(fromExecutable == dir + "/shared/data")
  }

  @Test func missingDirectoriesGiveDownloadHint() throws {
    let error = #expect(throws: DatasetError.self) {
      _ = try DataLocator.resolve(explicit: "/nonexistent/glue-data", environment: [:])
    }
    #expect(error == .explicitDirectoryMissing(path: "/nonexistent/glue-data", source: "--data"))
    let text = error?.description ?? ""
    #expect(text.contains("download_glue_data.py") && text.contains("glue/SST-2/train.tsv"))
    #expect(text.contains("--data DIR") && text.contains("DEFT_DATA_DIR"))
    #expect(throws: DatasetError.self) {
      _ = try DataLocator.resolve(
        explicit: nil, environment: [:], currentDirectory: "/nonexistent/a", executablePath: "")
    }
  }
}
