import FuzzSupport
import TraceFormat

/// Bytes as an `.npz` (zip of NumPy arrays): the zip structure, every array's header and data,
/// and `trace import` of what passes, whose trace is then read back like any trace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let npz = FuzzInput.scratchFile(FuzzInput.bytes(start, count), name: "input.npz")
  let trace = FuzzInput.scratchPath(name: "imported.trace")
  guard (try? TraceNpz.importTrace(npzPath: npz, to: trace)) != nil else { return 0 }
  TraceProbe.exercise(path: trace)
  return 0
}
