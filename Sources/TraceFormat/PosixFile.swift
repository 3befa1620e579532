#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A thin owner of a POSIX file descriptor for reading, whose failures are `TraceError.io` naming
/// the path. (Writing goes through `AtomicOutput.PartialFile`.)
final class PosixFile {
  let path: String
  private var descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit {
    if descriptor >= 0 { _ = systemClose(descriptor) }
  }

  static func openForReading(path: String) throws(TraceError) -> PosixFile {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ioError(path, "open for reading") }
    return PosixFile(path: path, descriptor: fd)
  }

  /// The file's size in bytes.
  func size() throws(TraceError) -> Int {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw Self.ioError(path, "stat") }
    return Int(info.st_size)
  }

  /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var total = 0
    while total < buffer.count {
      let n = systemRead(descriptor, base + total, buffer.count - total)
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw Self.ioError(path, "read")
      }
      total += n
    }
    return total
  }

  /// Reads until `buffer` is full or the file ends, starting at `offset` (the file position is
  /// unchanged); returns the number of bytes read.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(TraceError) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var total = 0
    while total < buffer.count {
      let n = pread(descriptor, base + total, buffer.count - total, off_t(offset + total))
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw Self.ioError(path, "read")
      }
      total += n
    }
    return total
  }

  func close() throws(TraceError) {
    guard descriptor >= 0 else { return }
    let result = systemClose(descriptor)
    descriptor = -1
    guard result == 0 else { throw Self.ioError(path, "close") }
  }

  static func ioError(_ path: String, _ operation: String) -> TraceError {
    let code = errno
    let reason = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
    return .io(path: path, operation: operation, reason: reason)
  }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(fd, buffer, count)
}

private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
