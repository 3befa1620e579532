/// The ggml tensor types this reader decodes, with their block layouts.
public enum GGUFTensorType: UInt32, Sendable, CaseIterable {
  case f32 = 0
  case f16 = 1
  case q4_0 = 2
  case q4_1 = 3
  case q8_0 = 8

  public var name: String {
    switch self {
    case .f32: return "F32"
    case .f16: return "F16"
    case .q4_0: return "Q4_0"
    case .q4_1: return "Q4_1"
    case .q8_0: return "Q8_0"
    }
  }

  /// Elements per block (1 for the float types).
  public var blockElements: Int {
    switch self {
    case .f32, .f16: return 1
    case .q4_0, .q4_1, .q8_0: return 32
    }
  }

  /// Bytes per block.
  public var blockBytes: Int {
    switch self {
    case .f32: return 4
    case .f16: return 2
    case .q4_0: return 18  // f16 scale, 16 bytes of nibbles
    case .q4_1: return 20  // f16 scale, f16 minimum, 16 bytes of nibbles
    case .q8_0: return 34  // f16 scale, 32 signed bytes
    }
  }

  /// Bytes of `elements` values (a multiple of `blockElements`), or nil on overflow.
  public func byteCount(elements: Int) -> Int? {
    guard elements % blockElements == 0 else { return nil }
    let (bytes, overflow) = (elements / blockElements).multipliedReportingOverflow(by: blockBytes)
    return overflow ? nil : bytes
  }
}
