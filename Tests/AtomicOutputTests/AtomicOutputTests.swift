import AtomicOutput
import Foundation
import Testing

/// Partial files, their names, the sweep of stale ones, and directories replaced as one.
@Suite struct AtomicOutputTests {
  let directory: String

  init() throws {
    directory =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("deft-sim-atomic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  func names() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }

  func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// A process id that is not running: a child that has exited and been reaped.
  func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  @Test func partialNameSaysWhatAndWhose() {
    let path = PartialName.make(for: "/runs/a/trace.zst")
    #expect(path.hasPrefix("/runs/a/.trace.zst.deft-sim-partial-\(getpid())-"))
    let name = PartialName.split(path).name
    #expect(PartialName.owner(ofName: name) == getpid())
    #expect(PartialName.owner(ofName: "trace.zst") == nil)
    #expect(PartialName.owner(ofName: ".x.deft-sim-partial-abc-1") == nil)
    #expect(PartialName.split("report/") == ("." as String, "report"))
    #expect(PartialName.split("/a/b/") == ("/a", "b"))
    #expect(PartialName.split("/b") == ("/", "b"))
  }

  @Test func nothingUnderTheFinalNameUntilCommit() throws {
    let path = directory + "/out.bin"
    let file = try PartialFile(finalPath: path)
    try file.write([1, 2, 3])
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(FileManager.default.fileExists(atPath: file.partialPath))
    try file.commit()
    #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
    #expect(names() == ["out.bin"])
  }

  @Test func droppedWriterLeavesNothing() throws {
    try AtomicFile.write("old", to: directory + "/out.txt")
    do {
      let file = try PartialFile(finalPath: directory + "/out.txt")
      try file.write(Array("new".utf8))
    }
    #expect(read(directory + "/out.txt") == "old")
    #expect(names() == ["out.txt"])
  }

  /// A killed writer's partial (its process gone) is removed by the next write in the
  /// directory; a live process's partial and other hidden files are kept.
  @Test func stalePartialsAreRemovedByTheNextRun() throws {
    let dead = try deadProcessID()
    let stale = directory + "/.trace.zst.deft-sim-partial-\(dead)-zz"
    let staleDirectory = directory + "/.report.deft-sim-partial-\(dead)-yy"
    let live = directory + "/.trace.zst.deft-sim-partial-\(getpid())-xx"
    try Data("partial".utf8).write(to: URL(fileURLWithPath: stale))
    try FileManager.default.createDirectory(
      atPath: staleDirectory + "/inner", withIntermediateDirectories: true)
    try Data("live".utf8).write(to: URL(fileURLWithPath: live))
    try Data("mine".utf8).write(to: URL(fileURLWithPath: directory + "/.hidden"))
    try AtomicFile.write("x", to: directory + "/metrics.json")
    #expect(
      names()
        == [
          ".hidden", ".trace.zst.deft-sim-partial-\(getpid())-xx", "metrics.json",
        ].sorted())
  }

  @Test func failedCommitKeepsTheOldFileAndNoPartial() throws {
    let blocked = directory + "/blocked"
    try FileManager.default.createDirectory(
      atPath: blocked + "/x", withIntermediateDirectories: true)
    let error = #expect(throws: FileOutputError.self) {
      try AtomicFile.write("data", to: blocked)
    }
    #expect(error?.path == blocked)
    #expect(error?.operation.hasPrefix("rename ") == true)
    #expect(names() == ["blocked"])
    #expect(throws: FileOutputError.self) {
      try AtomicFile.write("data", to: directory + "/missing/file")
    }
  }

  @Test func directoryIsReplacedAsOne() throws {
    let report = directory + "/report"
    let allowed: Set<String> = ["a.txt", "b.txt", "c.txt"]
    try AtomicDirectory.replace(
      report, with: [("a.txt", Array("a1".utf8)), ("b.txt", Array("b1".utf8))],
      replaceable: allowed)
    #expect(read(report + "/a.txt") == "a1")
    // A hard link to an old file keeps the old bytes: the new set is new files.
    try FileManager.default.linkItem(atPath: report + "/a.txt", toPath: directory + "/old-a")
    try AtomicDirectory.replace(
      report, with: [("a.txt", Array("a2".utf8)), ("c.txt", Array("c2".utf8))],
      replaceable: allowed)
    #expect(read(report + "/a.txt") == "a2")
    #expect(read(report + "/c.txt") == "c2")
    #expect(!FileManager.default.fileExists(atPath: report + "/b.txt"))  // not mixed
    #expect(read(directory + "/old-a") == "a1")
    #expect(names() == ["old-a", "report"])
  }

  @Test func directoryHoldingOtherFilesIsRefused() throws {
    let out = directory + "/out"
    try FileManager.default.createDirectory(
      atPath: out + "/peft", withIntermediateDirectories: true)
    let error = #expect(throws: FileOutputError.self) {
      try AtomicDirectory.replace(out, with: [("a.txt", [1])], replaceable: ["a.txt"])
    }
    #expect(error?.description.contains("'peft'") == true)
    #expect(FileManager.default.fileExists(atPath: out + "/peft"))
    #expect(names() == ["out"])
  }
}
