import Foundation
import FuzzSupport
import Simulator

/// Bytes as a hardware config JSON; a config that validates replays a small trace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHardwareConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzInput.bytes(start, count)
  guard let config = try? HardwareConfig.decode(json: Data(bytes), file: "fuzz.json") else {
    return 0
  }
  let trace = ProbeHardware.trace
  guard
    let accumulator = try? ReplayAccumulator(
      header: trace.header, config: config, options: WorkloadOptions(batchSequences: 2))
  else { return 0 }
  for record in trace.records { _ = try? accumulator.add(record) }
  _ = accumulator.result()
  return 0
}
