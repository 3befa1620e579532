#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written under a partial name (``PartialName``) beside its final path and renamed over
/// it by ``commit()``, after an `fsync`. Until then the final path keeps its previous content (or
/// stays absent); a partial file dropped without `commit()` removes itself, and one left by a
/// killed process is removed by the next writer in the same directory. The one way deft-sim
/// writes output files: traces, checkpoints, metrics, reports, baselines.
public final class PartialFile {
  /// The final path.
  public let path: String
  /// Where the bytes go until `commit()`.
  public let partialPath: String
  private var descriptor: Int32

  /// Removes stale partials in the target's directory, then creates this writer's partial file
  /// (it must not exist).
  public init(finalPath: String) throws(FileOutputError) {
    path = finalPath
    StalePartials.remove(in: PartialName.split(finalPath).directory)
    partialPath = PartialName.make(for: finalPath)
    descriptor = SystemCalls.createExclusive(partialPath)
    guard descriptor >= 0 else {
      throw FileOutputError(
        path: finalPath, operation: "create \(partialPath)", reason: SystemCalls.errorText())
    }
  }

  deinit { abandon() }

  /// Whether `commit()` or `abandon()` has ended this writer.
  public var isClosed: Bool { descriptor < 0 }

  /// Appends `bytes`.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileOutputError) {
    precondition(!isClosed, "PartialFile.write after commit or abandon for \(path)")
    guard let base = bytes.baseAddress else { return }
    var total = 0
    while total < bytes.count {
      let n = SystemCalls.write(descriptor, base + total, bytes.count - total)
      if n < 0 {
        if errno == EINTR { continue }
        throw failure("write \(partialPath)")
      }
      total += n
    }
  }

  /// Appends `bytes`.
  public func write(_ bytes: [UInt8]) throws(FileOutputError) {
    let result: Result<Void, FileOutputError> = bytes.withUnsafeBytes { raw in
      Result { () throws(FileOutputError) in try write(raw) }
    }
    try result.get()
  }

  /// Overwrites bytes already written, at `offset` from the start (for formats whose headers are
  /// patched once sizes are known); the append position is unchanged.
  public func write(_ bytes: [UInt8], at offset: Int) throws(FileOutputError) {
    precondition(!isClosed, "PartialFile.write after commit or abandon for \(path)")
    let failed: Bool = bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return false }
      var total = 0
      while total < raw.count {
        let n = SystemCalls.pwrite(descriptor, base + total, raw.count - total, offset + total)
        if n < 0 {
          if errno == EINTR { continue }
          return true
        }
        total += n
      }
      return false
    }
    if failed { throw failure("write \(partialPath) at offset \(offset)") }
  }

  /// Flushes the bytes to disk and renames the partial file over the final path (then syncs the
  /// directory so the rename survives a power loss). On failure the partial file is removed and
  /// the final path is unchanged.
  public func commit() throws(FileOutputError) {
    precondition(!isClosed, "PartialFile.commit twice for \(path)")
    if SystemCalls.fsync(descriptor) != 0 {
      let error = failure("fsync \(partialPath)")
      abandon()
      throw error
    }
    let closed = SystemCalls.close(descriptor)
    descriptor = -1
    if closed != 0 {
      let error = failure("close \(partialPath)")
      SystemCalls.unlink(partialPath)
      throw error
    }
    if SystemCalls.rename(partialPath, path) != 0 {
      let error = failure("rename \(partialPath) to the final name")
      SystemCalls.unlink(partialPath)
      throw error
    }
    SystemCalls.syncDirectory(PartialName.split(path).directory)
  }

  /// Closes and removes the partial file; the final path is untouched. Idempotent.
  public func abandon() {
    guard descriptor >= 0 else { return }
    _ = SystemCalls.close(descriptor)
    descriptor = -1
    SystemCalls.unlink(partialPath)
  }

  private func failure(_ operation: String) -> FileOutputError {
    FileOutputError(path: path, operation: operation, reason: SystemCalls.errorText())
  }
}
