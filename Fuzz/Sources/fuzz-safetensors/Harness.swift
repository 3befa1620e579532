import Foundation
import FuzzSupport
import Model

/// Bytes as a safetensors file: header, entries, offsets, and reading every float tensor.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzInput.bytes(start, count)
  guard let file = try? SafeTensorsFile(data: Data(bytes), path: "fuzz.safetensors") else {
    return 0
  }
  for name in file.names { _ = try? file.tensor(name) }
  return 0
}
