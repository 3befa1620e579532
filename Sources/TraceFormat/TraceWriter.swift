import AtomicOutput
import Foundation

/// Writes a trace file record by record (docs/trace-format.md).
///
/// The bytes go to a partial file beside the target (`.NAME.deft-sim-partial-PID-…`, see
/// `AtomicOutput.PartialFile`), which `finish()` renames over the target atomically; a writer
/// dropped without `finish()` (or whose `finish()` failed) removes it, and one left by a killed
/// process is removed by the next writer in that directory, so the target path never holds a
/// partial trace. Memory use is one
/// record's payload and compressed frame, reused across records.
public final class TraceWriter {
  /// The zstd level used when none is given: measured as the best size/speed trade-off for
  /// activation masks (docs/trace-format.md).
  public static let defaultCompressionLevel = 3
  /// The zstd levels the writer accepts.
  public static var compressionLevels: ClosedRange<Int> { Zstd.levels }

  public let path: String
  public let header: TraceHeader
  /// Records appended so far.
  public private(set) var recordCount = 0
  /// Bytes written so far (header and frames; the end marker once finished).
  public private(set) var byteCount = 0

  private let shape: RecordShape
  private var file: PartialFile?
  private let compressor: ZstdCompressor
  private var payload: [UInt8] = []
  private var frame: [UInt8] = []
  private var alternatePayload: [UInt8] = []
  private var alternateFrame: [UInt8] = []
  private var layerStarts: [Int] = []
  private var alternateStarts: [Int] = []
  private var failure: TraceError?

  /// Validates `header`, creates the temporary file and writes the header.
  public init(
    path: String, header: TraceHeader,
    compressionLevel: Int = TraceWriter.defaultCompressionLevel
  ) throws(TraceError) {
    precondition(
      Zstd.levels.contains(compressionLevel),
      "compression level \(compressionLevel) outside \(Zstd.levels)")
    if let problem = header.validationProblems.first {
      throw .badHeader(path: path, key: problem.key, reason: problem.reason)
    }
    self.path = path
    self.header = header
    self.shape = RecordShape(header: header)
    do {
      self.compressor = try ZstdCompressor(level: compressionLevel)
    } catch {
      throw .io(path: path, operation: "zstd context creation", reason: error.message)
    }
    let json = try Self.encodeJSON(header, path: path)
    guard json.count <= TraceLayout.maxHeaderJSONBytes else {
      throw .limitExceeded(
        path: path, section: .header, byteOffset: 12, field: "header JSON length",
        limit: TraceLayout.maxHeaderJSONBytes, found: json.count)
    }
    let file = try Self.io { () throws(FileOutputError) in try PartialFile(finalPath: path) }
    self.file = file

    var bytes = TraceLayout.magic
    bytes.appendLittleEndian(UInt32(header.formatVersion))
    bytes.appendLittleEndian(UInt32(json.count))
    bytes.append(contentsOf: json)
    bytes.appendLittleEndian(CRC32.checksum(bytes))
    try Self.io { () throws(FileOutputError) in try file.write(bytes) }
    byteCount = bytes.count
  }

  /// Validates `record` against the header, compresses it and writes its frame. A record that
  /// does not match throws `invalidRecord` and leaves the writer usable; an I/O failure is final.
  public func append(_ record: TraceRecord) throws(TraceError) {
    if let failure { throw failure }
    guard let file else { preconditionFailure("TraceWriter.append after finish() for \(path)") }
    try RecordCodec.validate(record, shape: shape, path: path, index: recordCount)
    // Candidates (docs/trace-format.md, "Choosing encodings"): per-layer encodings in one zstd
    // frame; words only in one frame (when gaps were used); per-layer encodings with one zstd
    // frame per layer. The smallest is written; ties keep the earlier candidate.
    let usedGaps = RecordCodec.encode(
      record, shape: shape, strategy: .perLayer, into: &payload, layerStarts: &layerStarts)
    var compressedCount = try compress(payload, splitAt: [], into: &frame)
    if record.masks.count > 1 {
      let splitCount = try compress(
        payload, splitAt: layerStarts.dropFirst(), into: &alternateFrame)
      if splitCount < compressedCount {
        swap(&frame, &alternateFrame)
        compressedCount = splitCount
      }
    }
    if usedGaps {
      RecordCodec.encode(
        record, shape: shape, strategy: .wordsOnly, into: &alternatePayload,
        layerStarts: &alternateStarts)
      let wordsCount = try compress(alternatePayload, splitAt: [], into: &alternateFrame)
      if wordsCount < compressedCount {
        swap(&payload, &alternatePayload)
        swap(&frame, &alternateFrame)
        compressedCount = wordsCount
      }
    }
    let headerBytes = TraceLayout.frameHeaderBytes
    frame.withUnsafeMutableBytes { raw in
      for (i, byte) in TraceLayout.recordTag.enumerated() { raw[i] = byte }
      raw.storeBytes(of: UInt32(recordCount).littleEndian, toByteOffset: 4, as: UInt32.self)
      raw.storeBytes(of: UInt32(compressedCount).littleEndian, toByteOffset: 8, as: UInt32.self)
      raw.storeBytes(of: UInt32(payload.count).littleEndian, toByteOffset: 12, as: UInt32.self)
      var crc = CRC32()
      crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<TraceLayout.frameChecksummedBytes]))
      crc.update(UnsafeRawBufferPointer(rebasing: raw[headerBytes..<headerBytes + compressedCount]))
      raw.storeBytes(of: crc.value.littleEndian, toByteOffset: 16, as: UInt32.self)
    }
    let frameBytes = headerBytes + compressedCount
    let written: Result<Void, FileOutputError> = frame.withUnsafeBytes { raw in
      Result { () throws(FileOutputError) in
        try file.write(UnsafeRawBufferPointer(rebasing: raw[0..<frameBytes]))
      }
    }
    if case .failure(let error) = written {
      failure = Self.traceError(error)
      throw Self.traceError(error)
    }
    recordCount += 1
    byteCount += frameBytes
  }

  /// Compresses `payload` into `frame` after the frame header's bytes, as one zstd frame per
  /// chunk (chunks start at 0 and at each offset of `splitAt`); returns the compressed size.
  private func compress(
    _ payload: [UInt8], splitAt: ArraySlice<Int>, into frame: inout [UInt8]
  ) throws(TraceError) -> Int {
    guard payload.count <= TraceLayout.maxPayloadBytes else {
      throw .limitExceeded(
        path: path, section: .record(recordCount), byteOffset: byteCount,
        field: "payload length", limit: TraceLayout.maxPayloadBytes, found: payload.count)
    }
    let bounds = [0] + splitAt + [payload.count]
    let headerBytes = TraceLayout.frameHeaderBytes
    var capacity = headerBytes
    for i in 0..<bounds.count - 1 { capacity += Zstd.compressBound(bounds[i + 1] - bounds[i]) }
    if frame.count < capacity { frame = [UInt8](repeating: 0, count: capacity) }
    let compressor = compressor
    let result: Result<Int, ZstdFailure> = payload.withUnsafeBytes { source in
      frame.withUnsafeMutableBytes { destination in
        Result { () throws(ZstdFailure) -> Int in
          var written = headerBytes
          for i in 0..<bounds.count - 1 {
            written += try compressor.compress(
              UnsafeRawBufferPointer(rebasing: source[bounds[i]..<bounds[i + 1]]),
              into: UnsafeMutableRawBufferPointer(rebasing: destination[written...]))
          }
          return written - headerBytes
        }
      }
    }
    switch result {
    case .success(let count): return count
    case .failure(let failure):
      throw .io(
        path: path, operation: "zstd compression of record \(recordCount)",
        reason: failure.message)
    }
  }

  /// Writes the end marker, flushes the file to disk and renames it over `path`.
  public func finish() throws(TraceError) {
    if let failure { throw failure }
    guard let file else { preconditionFailure("TraceWriter.finish() called twice for \(path)") }
    var marker = TraceLayout.endTag
    marker.appendLittleEndian(UInt64(recordCount))
    marker.appendLittleEndian(CRC32.checksum(marker))
    self.file = nil
    do throws(FileOutputError) {
      try file.write(marker)
      try file.commit()
    } catch {
      file.abandon()
      failure = Self.traceError(error)
      throw Self.traceError(error)
    }
    byteCount += marker.count
  }

  private static func traceError(_ error: FileOutputError) -> TraceError {
    .io(path: error.path, operation: error.operation, reason: error.reason)
  }

  private static func io<T>(_ body: () throws(FileOutputError) -> T) throws(TraceError) -> T {
    do throws(FileOutputError) { return try body() } catch { throw traceError(error) }
  }

  private static func encodeJSON(_ header: TraceHeader, path: String) throws(TraceError) -> [UInt8]
  {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return Array(try encoder.encode(header))
    } catch let EncodingError.invalidValue(_, context) {
      let key = context.codingPath.map(\.stringValue).joined(separator: ".")
      throw .badHeader(path: path, key: key, reason: context.debugDescription)
    } catch {
      throw .badHeader(path: path, key: "", reason: "\(error)")
    }
  }
}
