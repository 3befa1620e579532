import Foundation

/// Finds the shipped `hwconfigs/` directory: an explicit path, else `hwconfigs` in the current
/// directory or above, else next to the checkout holding the executable (``CheckoutPath``).
enum HardwareDirectory {
  static func resolve(explicit: String?) throws -> String {
    if let explicit { return explicit }
    if let found = CheckoutPath.find("hwconfigs", isDirectory: true) { return found }
    throw CommandFailure("no hwconfigs/ directory found; pass --hw-dir DIR")
  }

  /// The `*.json` files of `directory`, sorted.
  static func configFiles(in directory: String) throws -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let files = names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
    if files.isEmpty { throw CommandFailure("\(directory): no hardware configs (*.json)") }
    return files
  }
}
