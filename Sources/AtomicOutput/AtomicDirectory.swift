import CRenameExchange
import Foundation

/// A directory of files replaced as one: the new files are written into a partial directory
/// beside the target, which is then exchanged with the target in one `rename` (Linux
/// `RENAME_EXCHANGE`), so the target holds the complete old set or the complete new set, never a
/// mix, at every moment (kill -9 included). The old set is removed afterwards; if the process
/// dies first, the next run removes it (it carries a partial name).
public enum AtomicDirectory {
  /// Replaces `directory` with the files `files` (name → bytes). An existing `directory` may only
  /// hold names in `replaceable` (the files a previous run of the same writer made): anything
  /// else would be lost in the swap, so it is refused with an error naming the entry.
  public static func replace(
    _ directory: String, with files: [(name: String, bytes: [UInt8])], replaceable: Set<String>
  ) throws(FileOutputError) {
    let fm = FileManager.default
    let (parent, _) = PartialName.split(directory)
    try createParent(parent, of: directory)
    var isDirectory: ObjCBool = false
    let exists = fm.fileExists(atPath: directory, isDirectory: &isDirectory)
    if exists {
      guard isDirectory.boolValue else {
        throw FileOutputError(
          path: directory, operation: "replace the directory",
          reason: "a file of that name exists (expected a directory)")
      }
      let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
      if let foreign = names.sorted().first(where: { !replaceable.contains($0) }) {
        throw FileOutputError(
          path: directory, operation: "replace the directory",
          reason: "it holds '\(foreign)', which is not one of this output's files "
            + "(\(replaceable.sorted().joined(separator: ", "))) and would be lost; "
            + "hint: pass a new directory, or one holding only these files")
      }
    }
    StalePartials.remove(in: parent)
    let staging = PartialName.make(for: directory)
    do {
      try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
    } catch {
      throw FileOutputError(
        path: directory, operation: "create \(staging)", reason: error.localizedDescription)
    }
    do throws(FileOutputError) {
      for (name, bytes) in files { try AtomicFile.write(bytes, to: staging + "/" + name) }
      if !exists {
        if SystemCalls.rename(staging, directory) != 0 {
          throw FileOutputError(
            path: directory, operation: "rename \(staging) to the final name",
            reason: SystemCalls.errorText())
        }
      } else if deft_rename_exchange(staging, directory) != 0 {
        guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
          throw FileOutputError(
            path: directory, operation: "exchange \(staging) with the directory",
            reason: SystemCalls.errorText())
        }
        try replaceInTwoSteps(directory, with: staging)
        return
      }
    } catch {
      try? fm.removeItem(atPath: staging)
      throw error
    }
    SystemCalls.syncDirectory(parent)
    if exists { try? fm.removeItem(atPath: staging) }  // now the old set
  }

  /// For file systems that cannot exchange: the old directory moves to a partial name, the new
  /// one takes its place, the old one is removed. A kill between the two renames leaves the
  /// target absent (never mixed) and the old set under a partial name for the next run to remove.
  private static func replaceInTwoSteps(_ directory: String, with staging: String)
    throws(FileOutputError)
  {
    let old = PartialName.make(for: directory)
    guard SystemCalls.rename(directory, old) == 0 else {
      throw FileOutputError(
        path: directory, operation: "rename the old directory to \(old)",
        reason: SystemCalls.errorText())
    }
    guard SystemCalls.rename(staging, directory) == 0 else {
      let reason = SystemCalls.errorText()
      _ = SystemCalls.rename(old, directory)
      throw FileOutputError(
        path: directory, operation: "rename \(staging) to the final name", reason: reason)
    }
    SystemCalls.syncDirectory(PartialName.split(directory).directory)
    try? FileManager.default.removeItem(atPath: old)
  }

  private static func createParent(_ parent: String, of directory: String)
    throws(FileOutputError)
  {
    do {
      try FileManager.default.createDirectory(
        atPath: parent, withIntermediateDirectories: true)
    } catch {
      throw FileOutputError(
        path: directory, operation: "create the parent directory \(parent)",
        reason: error.localizedDescription)
    }
  }
}
