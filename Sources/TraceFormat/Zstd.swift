import CZstd

/// A failure reported by libzstd, with its error name. Callers map it to a `TraceError` that names
/// the file, record and byte offset.
struct ZstdFailure: Error, Sendable {
  let message: String

  init(code: Int) {
    if let name = ZSTD_getErrorName(code) {
      message = String(cString: name)
    } else {
      message = "zstd error \(code)"
    }
  }

  init(message: String) { self.message = message }
}

/// The only place that talks to libzstd. Records are compressed one by one, each as a single zstd
/// frame with its content size in the frame header, so no streaming API is needed.
enum Zstd {
  /// Levels accepted by `ZstdCompressor` (libzstd's regular levels; negative "fast" levels are
  /// not used by traces).
  static var levels: ClosedRange<Int> { 1...Int(ZSTD_maxCLevel()) }

  /// Worst-case compressed size of `byteCount` input bytes.
  static func compressBound(_ byteCount: Int) -> Int {
    Int(ZSTD_compressBound(byteCount))
  }

  /// The content size declared in the frame header of `frame`, or a failure when the frame header
  /// is unreadable or does not declare its size.
  static func frameContentSize(_ frame: UnsafeRawBufferPointer) throws(ZstdFailure) -> Int {
    guard let base = frame.baseAddress else {
      throw ZstdFailure(message: "empty zstd frame")
    }
    let size = ZSTD_getFrameContentSize(base, frame.count)
    if size == UInt64.max - 1 {
      throw ZstdFailure(message: "unreadable zstd frame header")
    }
    if size == UInt64.max {
      throw ZstdFailure(message: "zstd frame does not declare its content size")
    }
    guard size <= UInt64(Int.max) else {
      throw ZstdFailure(message: "zstd frame content size \(size) is out of range")
    }
    return Int(size)
  }
}

/// A reusable compression context (one per writer; not thread-safe).
final class ZstdCompressor {
  private let context: OpaquePointer
  let level: Int32

  init(level: Int) throws(ZstdFailure) {
    precondition(Zstd.levels.contains(level), "zstd level \(level) outside \(Zstd.levels)")
    guard let context = ZSTD_createCCtx() else {
      throw ZstdFailure(message: "ZSTD_createCCtx failed (out of memory)")
    }
    self.context = context
    self.level = Int32(level)
  }

  deinit { ZSTD_freeCCtx(context) }

  /// Compresses `source` into `destination` (which needs `Zstd.compressBound(source.count)` bytes)
  /// and returns the compressed size.
  func compress(
    _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
  ) throws(ZstdFailure) -> Int {
    let result = ZSTD_compressCCtx(
      context, destination.baseAddress, destination.count, source.baseAddress, source.count,
      level)
    if ZSTD_isError(result) != 0 { throw ZstdFailure(code: result) }
    return result
  }
}

/// A reusable decompression context (one per reader; not thread-safe).
final class ZstdDecompressor {
  private let context: OpaquePointer

  init() throws(ZstdFailure) {
    guard let context = ZSTD_createDCtx() else {
      throw ZstdFailure(message: "ZSTD_createDCtx failed (out of memory)")
    }
    self.context = context
  }

  deinit { ZSTD_freeDCtx(context) }

  /// Decompresses the single frame `source` into `destination` and returns the number of bytes
  /// written. Fails on any malformed input or when the content does not fit.
  func decompress(
    _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
  ) throws(ZstdFailure) -> Int {
    let result = ZSTD_decompressDCtx(
      context, destination.baseAddress, destination.count, source.baseAddress, source.count)
    if ZSTD_isError(result) != 0 { throw ZstdFailure(code: result) }
    return result
  }
}
