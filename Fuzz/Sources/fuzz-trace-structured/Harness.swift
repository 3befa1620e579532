import FuzzSupport

/// Header JSON and record payloads with the framing fixed up (``StructuredTrace``): reaches the
/// header validation, the payload and mask decoding, and the replay of what passes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceStructured(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let file = StructuredTrace.file(FuzzInput.bytes(start, count))
  TraceProbe.exercise(path: FuzzInput.scratchFile(file, name: "structured.trace"))
  return 0
}
