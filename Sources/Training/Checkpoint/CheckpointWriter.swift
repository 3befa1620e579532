import Foundation
import TensorCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes checkpoints atomically: the bytes go to a new temporary file in the destination's
/// directory, which is flushed (`fsync`) and then renamed over the destination. A crash or error
/// at any point leaves the previous checkpoint at `path` complete and unchanged (at worst a stray
/// `.<name>.tmp-*` file remains next to it).
public enum CheckpointWriter {
  /// Writes `file` to `path` atomically.
  public static func write(_ file: CheckpointFile, to path: String) throws(CheckpointError) {
    try writeAtomically(file.encoded(), to: path)
  }

  /// Saves the trainable ones of `parameters` (and, with `optimizer`, its state as
  /// `adamw.*` tensors and its step count as metadata `optimizer_step`) to `path`.
  public static func save(
    parameters: [Parameter], optimizer: AdamW? = nil, metadata: [String: String] = [:],
    to path: String
  ) throws(CheckpointError) {
    var tensors = parameters.filter(\.isTrainable).map { (name: $0.name, tensor: $0.value) }
    var meta = metadata
    meta["format"] = "deft-sim-checkpoint"
    if let optimizer {
      tensors += optimizer.stateTensors()
      meta["optimizer_step"] = String(optimizer.stepCount)
    }
    try write(CheckpointFile(tensors: tensors, metadata: meta), to: path)
  }

  /// Writes `bytes` to a temporary file next to `path`, syncs it and renames it to `path`.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CheckpointError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let temporary =
      directory + "/." + url.lastPathComponent
      + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else {
      throw .writeFailed(path: path, reason: "create \(temporary): \(errorText())")
    }
    var failure: String?
    var written = 0
    bytes.withUnsafeBytes { raw in
      while written < raw.count {
        let n = posixWrite(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
        if n < 0 {
          if errno == EINTR { continue }
          failure = "write \(temporary): \(errorText())"
          return
        }
        written += n
      }
    }
    if failure == nil && fsync(fd) != 0 { failure = "fsync \(temporary): \(errorText())" }
    if close(fd) != 0 && failure == nil { failure = "close \(temporary): \(errorText())" }
    if failure == nil && rename(temporary, path) != 0 {
      failure = "rename \(temporary) to \(path): \(errorText())"
    }
    if let failure {
      unlink(temporary)
      throw .writeFailed(path: path, reason: failure)
    }
    // Make the rename itself durable; the new checkpoint is already complete if this fails.
    let directoryFD = open(directory, O_RDONLY)
    if directoryFD >= 0 {
      _ = fsync(directoryFD)
      _ = close(directoryFD)
    }
  }

  private static func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(fd, buffer, count)
    #else
      return Darwin.write(fd, buffer, count)
    #endif
  }

  private static func errorText() -> String {
    String(cString: strerror(errno))
  }
}
