import Foundation

/// The bytes libFuzzer hands a harness, and a scratch file for readers that take a path.
public enum FuzzInput {
  public static func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: start, count: count))
  }

  /// A path of this process in shared memory (else the temporary directory), rewritten with
  /// `bytes` on each call.
  public static func scratchFile(_ bytes: [UInt8], name: String) -> String {
    let path = scratchPath(name: name)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  /// A path of this process in shared memory (else the temporary directory), for outputs.
  public static func scratchPath(name: String) -> String {
    let directory =
      FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return directory + "/deft-sim-fuzz-\(getpid())-" + name
  }

  /// The parts of `bytes` separated by the first 0x00 byte (the second part empty if none).
  public static func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    guard let zero = bytes.firstIndex(of: 0) else { return (bytes, []) }
    return (Array(bytes[..<zero]), Array(bytes[(zero + 1)...]))
  }
}
