/// Bad GGUF files and GGUF models: every case names the file, the byte offset and, where it
/// applies, the tensor or metadata key, what was expected and what was found.
public enum GGUFError: Error, Equatable, CustomStringConvertible {
  case fileUnreadable(path: String, reason: String)
  case truncated(path: String, offset: Int, needed: Int, fileBytes: Int, reading: String)
  case badMagic(path: String, found: [UInt8])
  case unsupportedVersion(path: String, found: UInt32)
  case countLimit(path: String, offset: Int, what: String, found: UInt64, limit: Int)
  case metadataType(path: String, offset: Int, key: String, found: UInt32)
  case invalidUTF8(path: String, offset: Int, reading: String)
  case duplicate(path: String, offset: Int, what: String, name: String)
  case badAlignment(path: String, found: UInt64)
  case tensorDimensions(path: String, offset: Int, tensor: String, problem: String)
  case unknownTensorType(path: String, offset: Int, tensor: String, found: UInt32)
  case tensorRange(
    path: String, tensor: String, offset: UInt64, bytes: Int, dataStart: Int, fileBytes: Int)
  case missingTensor(path: String, tensor: String)
  case tensorShape(path: String, tensor: String, expected: [Int], found: [Int])
  case unsupportedTensorType(path: String, tensor: String, type: String)
  case metadata(path: String, key: String, problem: String)

  public var description: String {
    switch self {
    case .fileUnreadable(let path, let reason):
      return "\(path): cannot read file (\(reason))"
    case .truncated(let path, let offset, let needed, let fileBytes, let reading):
      return "\(path): truncated at byte offset \(offset) reading \(reading): needed \(needed) "
        + "bytes, the file has \(fileBytes). Hint: the download may be incomplete."
    case .badMagic(let path, let found):
      return "\(path): not a GGUF file: bytes 0..<4 are \(found), expected \"GGUF\" "
        + "[71, 71, 85, 70]"
    case .unsupportedVersion(let path, let found):
      return "\(path): GGUF version \(found) at byte offset 4 is not supported (expected 2 or 3)"
    case .countLimit(let path, let offset, let what, let found, let limit):
      return "\(path): \(what) at byte offset \(offset) is \(found), above the limit of \(limit) "
        + "(or more than the file can hold). Hint: the file is corrupt."
    case .metadataType(let path, let offset, let key, let found):
      return "\(path): metadata '\(key)': unknown value type \(found) at byte offset \(offset) "
        + "(expected 0...12)"
    case .invalidUTF8(let path, let offset, let reading):
      return "\(path): \(reading) at byte offset \(offset) is not valid UTF-8"
    case .duplicate(let path, let offset, let what, let name):
      return "\(path): duplicate \(what) '\(name)' at byte offset \(offset)"
    case .badAlignment(let path, let found):
      return "\(path): metadata 'general.alignment' is \(found), expected a power of two in "
        + "1...65536"
    case .tensorDimensions(let path, let offset, let tensor, let problem):
      return "\(path): tensor '\(tensor)' (info at byte offset \(offset)): \(problem)"
    case .unknownTensorType(let path, let offset, let tensor, let found):
      return "\(path): tensor '\(tensor)': unknown or unsupported ggml type \(found) at byte "
        + "offset \(offset) (supported: F32 0, F16 1, Q4_0 2, Q4_1 3, Q8_0 8)"
    case .tensorRange(let path, let tensor, let offset, let bytes, let dataStart, let fileBytes):
      return "\(path): tensor '\(tensor)': data at offset \(offset) of the data section (byte "
        + "\(dataStart) + \(offset)) with \(bytes) bytes lies beyond the end of the file "
        + "(\(fileBytes) bytes) or is misaligned. Hint: the file is truncated or corrupt."
    case .missingTensor(let path, let tensor):
      return "\(path): missing tensor '\(tensor)'. Hint: is this a Llama-family GGUF?"
    case .tensorShape(let path, let tensor, let expected, let found):
      return "\(path): tensor '\(tensor)' has GGUF dimensions \(found), expected \(expected) "
        + "from the metadata"
    case .unsupportedTensorType(let path, let tensor, let type):
      return "\(path): tensor '\(tensor)' has type \(type), which cannot be read as floats here"
    case .metadata(let path, let key, let problem):
      return "\(path): metadata '\(key)': \(problem)"
    }
  }
}
