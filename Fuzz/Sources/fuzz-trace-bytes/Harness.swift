import FuzzSupport

/// Raw bytes as a trace file: the byte-level checks (magic, version, lengths, CRCs, zstd,
/// truncation) and everything after them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceBytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  TraceProbe.exercise(path: FuzzInput.scratchFile(FuzzInput.bytes(start, count), name: "raw.trace"))
  return 0
}
