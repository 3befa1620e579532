import Foundation

/// Names of unfinished outputs. A file or directory being written to `DIR/NAME` lives at
/// `DIR/.NAME.deft-sim-partial-PID-RANDOM` until it is complete and renamed over `DIR/NAME`, so
/// a final name never holds partial content and a user who lists the directory sees which
/// program left what (and that it is unfinished). A killed writer's partial is removed by the
/// next deft-sim run that writes into the same directory (``StalePartials``).
public enum PartialName {
  /// The part of every partial's name that identifies it.
  public static let marker = ".deft-sim-partial-"

  /// The directory of `path` (`.` for a bare name) and its last component, trailing slashes
  /// ignored.
  public static func split(_ path: String) -> (directory: String, name: String) {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
    let directory = trimmed[..<slash]
    return (
      directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...])
    )
  }

  /// A fresh partial path for `finalPath`, owned by this process.
  public static func make(for finalPath: String) -> String {
    let (directory, name) = split(finalPath)
    let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    return directory + "/." + name + marker + "\(SystemCalls.processID)-" + random
  }

  /// The id of the process that wrote the partial named `name`, or nil when `name` is not a
  /// partial's name.
  public static func owner(ofName name: String) -> Int32? {
    guard name.hasPrefix("."), let range = name.range(of: marker, options: .backwards) else {
      return nil
    }
    let rest = name[range.upperBound...]
    guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else {
      return nil
    }
    return pid
  }
}

/// Removal of partial outputs whose writer is gone (killed, crashed, power lost).
public enum StalePartials {
  /// Removes every partial file or directory in `directory` whose writing process no longer
  /// exists; returns the removed paths. Partials of running processes are left alone, so two
  /// writers in one directory never delete each other's work. Errors are ignored: the sweep is a
  /// courtesy, and a partial that cannot be removed does no harm under its name.
  @discardableResult
  public static func remove(in directory: String) -> [String] {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
    var removed: [String] = []
    for name in names.sorted() {
      guard let pid = PartialName.owner(ofName: name), !SystemCalls.processExists(pid) else {
        continue
      }
      let path = directory + "/" + name
      if (try? fm.removeItem(atPath: path)) != nil { removed.append(path) }
    }
    return removed
  }
}
