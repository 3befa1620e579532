import FuzzSupport
import Training

/// Bytes as a checkpoint: the safetensors decoding of `CheckpointFile` and the checks of its
/// metadata (format, configuration, step, losses).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzInput.bytes(start, count)
  guard let file = try? CheckpointFile.decode(bytes, path: "fuzz.safetensors") else { return 0 }
  _ = try? CheckpointMetadata(file, path: "fuzz.safetensors")
  return 0
}
