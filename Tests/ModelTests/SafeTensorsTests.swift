import Foundation
import Model
import Testing

@Suite struct SafeTensorsTests {
  func file(_ bytes: [UInt8]) throws(ModelError) -> SafeTensorsFile {
    try SafeTensorsFile(data: Data(bytes), path: "t.safetensors")
  }

  @Test func readsF32F16BF16AndSkipsIntegers() throws {
    var b = SafeTensorsBuilder()
    b.addF32("a", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    b.addRaw("h", dtype: "F16", shape: [2], bytes: [0x00, 0x3C, 0x00, 0xC0])  // 1, -2
    b.addRaw("bf", dtype: "BF16", shape: [1], bytes: [0x80, 0x3F])  // 1.0
    b.addRaw("ids", dtype: "I64", shape: [1], bytes: [1, 0, 0, 0, 0, 0, 0, 0])
    let f = try file(b.bytes())
    #expect(try f.tensor("a").scalars == [1, 2, 3, 4, 5, 6])
    #expect(try f.tensor("h").scalars == [1, -2])
    #expect(try f.tensor("bf").scalars == [1])
    #expect(f.names == ["a", "bf", "h", "ids"])
  }

  @Test func truncatedFileIsRejected() throws {
    var b = SafeTensorsBuilder()
    b.addF32("w", shape: [4, 4])
    let bytes = b.bytes()
    #expect(throws: ModelError.safetensorsTooSmall(path: "t.safetensors", bytes: 5)) {
      _ = try file(Array(bytes.prefix(5)))
    }
    // Cut inside the data: the tensor's byte range no longer fits.
    #expect {
      _ = try file(Array(bytes.dropLast(3)))
    } throws: { error in
      guard case .safetensorsRange(_, "w", 0, 64, 64, 61) = error as? ModelError else {
        return false
      }
      return "\(error)".contains("t.safetensors") && "\(error)".contains("'w'")
    }
    // Cut inside the header.
    #expect {
      _ = try file(Array(bytes.prefix(20)))
    } throws: { error in
      if case .safetensorsHeaderLength = error as? ModelError { return true }
      return false
    }
  }

  @Test func corruptHeaderJSONIsRejected() throws {
    var b = SafeTensorsBuilder()
    b.addF32("w", shape: [2])
    let broken = String(b.header().dropLast()) + "?"
    #expect {
      _ = try file(b.bytes(headerOverride: broken))
    } throws: { error in
      if case .safetensorsHeaderJSON(let path, _) = error as? ModelError {
        return path == "t.safetensors"
      }
      return false
    }
  }

  @Test(arguments: [
    ("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unsupported dtype"),
    ("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "shape"),
    ("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", "data_offsets"),
    ("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "expected 12 bytes"),
    ("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "missing 'dtype'"),
    // A shape whose product overflows is an error, not a trap.
    (
      "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}",
      "more elements than can exist"
    ),
  ])
  func malformedEntriesNameTensorAndProblem(header: String, fragment: String) throws {
    var b = SafeTensorsBuilder()
    b.addF32("w", shape: [2])
    #expect {
      _ = try file(b.bytes(headerOverride: header))
    } throws: { error in
      let message = "\(error)"
      return message.contains("'w'") && message.contains(fragment)
    }
  }

  @Test func missingTensorAndWrongShapeAreNamed() throws {
    var b = SafeTensorsBuilder()
    b.addF32("w", shape: [2, 2])
    let f = try file(b.bytes())
    #expect {
      _ = try f.tensor("v")
    } throws: { "\($0)".contains("missing tensor 'v'") }
    #expect(
      throws: ModelError.shapeMismatch(
        path: "t.safetensors", tensor: "w", expected: [4], found: [2, 2])
    ) {
      _ = try f.tensor("w", expectedShape: [4])
    }
  }
}
