import Foundation
import FuzzSupport
import Model

/// Bytes as a GGUF file: header, metadata, tensor table, every tensor dequantised, the Llama
/// config and the byte-level BPE tokenizer of its metadata, which then encodes a short text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzInput.bytes(start, count)
  guard let file = try? GGUFFile(data: Data(bytes), path: "fuzz.gguf") else { return 0 }
  for name in file.tensorNames { _ = try? file.floats(name) }
  _ = try? LlamaConfig(gguf: file)
  if let tokenizer = try? ByteLevelBPETokenizer(gguf: file) {
    let ids = tokenizer.encode("Hello world, it's 2026!  naïve\n")
    _ = tokenizer.decode(ids)
  }
  return 0
}
