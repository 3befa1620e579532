#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX calls this module makes, under names that do not clash with its methods.
enum SystemCalls {
  static func errorText(_ code: Int32 = errno) -> String {
    strerror(code).map { String(cString: $0) } ?? "errno \(code)"
  }

  static func createExclusive(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
  }

  static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
      return Musl.write(fd, buffer, count)
    #else
      return Darwin.write(fd, buffer, count)
    #endif
  }

  static func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.pwrite(fd, buffer, count, off_t(offset))
    #elseif canImport(Musl)
      return Musl.pwrite(fd, buffer, count, off_t(offset))
    #else
      return Darwin.pwrite(fd, buffer, count, off_t(offset))
    #endif
  }

  static func close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      return Glibc.close(fd)
    #elseif canImport(Musl)
      return Musl.close(fd)
    #else
      return Darwin.close(fd)
    #endif
  }

  static func fsync(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      return Glibc.fsync(fd)
    #elseif canImport(Musl)
      return Musl.fsync(fd)
    #else
      return Darwin.fsync(fd)
    #endif
  }

  static func rename(_ source: String, _ destination: String) -> Int32 {
    #if canImport(Glibc)
      return Glibc.rename(source, destination)
    #elseif canImport(Musl)
      return Musl.rename(source, destination)
    #else
      return Darwin.rename(source, destination)
    #endif
  }

  static func unlink(_ path: String) {
    #if canImport(Glibc)
      _ = Glibc.unlink(path)
    #elseif canImport(Musl)
      _ = Musl.unlink(path)
    #else
      _ = Darwin.unlink(path)
    #endif
  }

  /// Makes a rename inside `directory` durable; best effort (the data is complete either way).
  static func syncDirectory(_ directory: String) {
    let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    _ = close(fd)
  }

  /// Whether a process with this id runs (or exists but belongs to another user).
  static func processExists(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  static var processID: Int32 { getpid() }
}
