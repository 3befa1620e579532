import Foundation
import TensorCore

extension CheckpointFile {
  /// Reads and validates a checkpoint written by `CheckpointWriter` (or any safetensors file of
  /// F32 tensors).
  public static func read(path: String) throws(CheckpointError) -> CheckpointFile {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    return try decode([UInt8](data), path: path)
  }

  /// Parses safetensors bytes; `path` is used in error messages only.
  public static func decode(_ bytes: [UInt8], path: String) throws(CheckpointError)
    -> CheckpointFile
  {
    guard bytes.count >= 8 else { throw .tooSmall(path: path, bytes: bytes.count) }
    var headerLength: UInt64 = 0
    for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    guard headerLength <= UInt64(bytes.count - 8) else {
      throw .headerLength(path: path, headerBytes: headerLength, fileBytes: bytes.count)
    }
    let dataStart = 8 + Int(headerLength)
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
    } catch {
      throw .headerJSON(path: path, reason: error.localizedDescription)
    }
    guard let header = json as? [String: Any] else {
      throw .headerJSON(path: path, reason: "top level is not a JSON object")
    }
    var metadata: [String: String] = [:]
    if let raw = header["__metadata__"] {
      guard let map = raw as? [String: String] else {
        throw .headerJSON(path: path, reason: "__metadata__ must map strings to strings")
      }
      metadata = map
    }
    let dataBytes = bytes.count - dataStart
    var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
    for (name, raw) in header where name != "__metadata__" {
      entries.append(try entry(name: name, raw: raw, path: path))
    }
    // The data section must be covered exactly: no gaps, no overlaps, nothing past the end.
    entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
    var expectedBegin = 0
    for e in entries {
      let expectedBytes = e.shape.reduce(4, *)  // cannot overflow: checked in entry()
      guard e.begin == expectedBegin, e.end - e.begin == expectedBytes, e.end <= dataBytes else {
        throw .dataRange(
          path: path, tensor: e.name, begin: e.begin, end: e.end, expectedBytes: expectedBytes,
          dataBytes: dataBytes)
      }
      expectedBegin = e.end
    }
    if expectedBegin != dataBytes, let last = entries.last {
      throw .dataRange(
        path: path, tensor: last.name, begin: last.begin, end: last.end,
        expectedBytes: last.end - last.begin, dataBytes: dataBytes)
    }
    var tensors: [(name: String, tensor: Tensor)] = []
    for e in entries {
      let count = (e.end - e.begin) / 4
      var scalars = [Float](repeating: 0, count: count)
      bytes.withUnsafeBytes { raw in
        for i in 0..<count {
          let bits = raw.loadUnaligned(fromByteOffset: dataStart + e.begin + 4 * i, as: UInt32.self)
          scalars[i] = Float(bitPattern: UInt32(littleEndian: bits))
        }
      }
      tensors.append((e.name, Tensor(shape: e.shape, scalars: scalars)))
    }
    return CheckpointFile(tensors: tensors, metadata: metadata)
  }

  private static func entry(
    name: String, raw: Any, path: String
  ) throws(CheckpointError) -> (name: String, shape: [Int], begin: Int, end: Int) {
    guard let fields = raw as? [String: Any] else {
      throw .badEntry(path: path, tensor: name, problem: "entry is not a JSON object")
    }
    guard let dtype = fields["dtype"] as? String else {
      throw .badEntry(path: path, tensor: name, problem: "missing string 'dtype'")
    }
    guard dtype == "F32" else {
      throw .badEntry(
        path: path, tensor: name,
        problem: "dtype \(dtype), expected F32 (deft-sim checkpoints are float32)")
    }
    guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
      throw .badEntry(path: path, tensor: name, problem: "'shape' is not a list of sizes >= 0")
    }
    // Every partial product of the sizes (as Tensor computes them) must fit: a hostile shape
    // is an error, not an overflow.
    var bytes = 4
    for size in shape {
      let (product, overflow) = bytes.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw .badEntry(
          path: path, tensor: name, problem: "'shape' \(shape) has more elements than can exist")
      }
      bytes = product
    }
    guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2,
      offsets[0] >= 0, offsets[1] >= offsets[0]
    else {
      throw .badEntry(
        path: path, tensor: name, problem: "'data_offsets' is not [begin, end] with begin <= end")
    }
    return (name, shape, offsets[0], offsets[1])
  }
}
