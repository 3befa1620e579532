import Foundation
import Model
import Testing

/// The GGUF reader: block dequantisation by hand and hostile files (one clear error each).
@Suite("GGUF reader")
struct GGUFReaderTests {
  static func f16(_ v: Float) -> [UInt8] {
    withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { Array($0) }
  }

  static func valid() -> GGUFBuilder {
    var b = GGUFBuilder()
    b.metadata = [("general.architecture", .string("llama")), ("x.list", .strings(["a", "b"]))]
    // Q4_1 block: d = 0.5, m = -1, nibbles j: low = j % 16, high = 15 - j % 16.
    var q41 = f16(0.5) + f16(-1)
    for j in 0..<16 { q41.append(UInt8(j) | UInt8(15 - j) << 4) }
    // Q8_0 block: d = 0.25, q = j - 16.
    var q80 = f16(0.25)
    for j in 0..<32 { q80.append(UInt8(bitPattern: Int8(j - 16))) }
    // Q4_0 block: d = 2, nibbles all 9 (value 1 · 2).
    let q40 = f16(2) + [UInt8](repeating: 0x99, count: 16)
    let f32 = [Float(1.5), -2].flatMap { v in withUnsafeBytes(of: v.bitPattern) { Array($0) } }
    b.tensors = [
      .init(name: "q41", dimensions: [32], type: 3, bytes: q41),
      .init(name: "q80", dimensions: [32], type: 8, bytes: q80),
      .init(name: "q40", dimensions: [32], type: 2, bytes: q40),
      .init(name: "f32", dimensions: [2], type: 0, bytes: f32),
      .init(name: "f16", dimensions: [2], type: 1, bytes: f16(0.5) + f16(-3)),
    ]
    return b
  }

  @Test("types decode as ggml defines them")
  func decodes() throws {
    let file = try GGUFFile(data: Self.valid().build(), path: "t.gguf")
    #expect(file.string("general.architecture") == "llama")
    #expect(file.tensorNames == ["q41", "q80", "q40", "f32", "f16"])
    let q41 = try file.floats("q41")
    for j in 0..<16 {
      #expect(q41[j] == Float(j) * 0.5 - 1)
      #expect(q41[j + 16] == Float(15 - j) * 0.5 - 1)
    }
    #expect(try file.floats("q80") == (0..<32).map { Float($0 - 16) * 0.25 })
    #expect(try file.floats("q40") == [Float](repeating: 2, count: 32))
    #expect(try file.floats("f32") == [1.5, -2])
    #expect(try file.floats("f16") == [0.5, -3])
  }

  func error(_ data: Data) -> GGUFError? {
    do {
      _ = try GGUFFile(data: data, path: "bad.gguf")
      return nil
    } catch { return error }
  }

  @Test("every truncation is an error naming the offset")
  func truncated() {
    let data = Self.valid().build()
    // The file ends with the last tensor's 4 bytes and 28 bytes of alignment padding.
    for length in stride(from: 0, to: data.count - 28, by: 7) {
      #expect(error(data.prefix(length)) != nil, "length \(length)")
    }
    guard case .truncated(_, let offset, _, _, let reading) = error(data.prefix(20)) else {
      Issue.record("expected truncated")
      return
    }
    #expect(offset == 16 && reading == "metadata count")
  }

  @Test("bad magic, version, counts, types, dimensions and offsets")
  func hostile() {
    var b = Self.valid()
    b.magic = Array("GGUG".utf8)
    #expect(error(b.build()) == .badMagic(path: "bad.gguf", found: Array("GGUG".utf8)))
    b = Self.valid()
    b.version = 7
    #expect(error(b.build()) == .unsupportedVersion(path: "bad.gguf", found: 7))
    b = Self.valid()
    b.tensorCountOverride = 1 << 40
    guard case .countLimit(_, 8, "tensor count", _, _) = error(b.build()) else {
      Issue.record("absurd tensor count")
      return
    }
    b = Self.valid()
    b.metadataCountOverride = UInt64.max
    guard case .countLimit(_, 16, "metadata count", _, _) = error(b.build()) else {
      Issue.record("absurd metadata count")
      return
    }
    b = Self.valid()
    b.tensors[1].type = 99
    guard case .unknownTensorType(_, _, "q80", 99) = error(b.build()) else {
      Issue.record("unknown type")
      return
    }
    b = Self.valid()
    b.tensors[0].dimensions = [1 << 20, 1 << 20, 1 << 20, 1 << 20]
    guard case .tensorDimensions(_, _, "q41", _) = error(b.build()) else {
      Issue.record("absurd dimensions")
      return
    }
    b = Self.valid()
    b.tensors[3].offsetOverride = 1 << 20
    guard case .tensorRange(_, "f32", _, _, _, _) = error(b.build()) else {
      Issue.record("offset beyond the file")
      return
    }
    b = Self.valid()
    b.tensors[3].offsetOverride = 3
    guard case .tensorRange(_, "f32", 3, _, _, _) = error(b.build()) else {
      Issue.record("misaligned offset")
      return
    }
    b = Self.valid()
    b.tensors[0].dimensions = [33]
    guard case .tensorDimensions(_, _, "q41", _) = error(b.build()) else {
      Issue.record("row not a multiple of the block")
      return
    }
    // A metadata value type outside 0...12.
    var data = Self.valid().build()
    let keyEnd = 24 + 8 + "general.architecture".utf8.count
    data[keyEnd] = 42
    guard case .metadataType(_, let offset, "general.architecture", 42) = error(data) else {
      Issue.record("bad metadata type")
      return
    }
    #expect(offset == keyEnd)
  }

  @Test("a decoder needs Llama metadata")
  func notLlama() throws {
    let file = try GGUFFile(data: Self.valid().build(), path: "t.gguf")
    #expect(throws: GGUFError.self) { try LlamaConfig(gguf: file) }
  }
}
