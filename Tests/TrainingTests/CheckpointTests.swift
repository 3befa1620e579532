import Foundation
import TensorCore
import Testing
import Training

@Suite struct CheckpointTests {
  func model() -> [Parameter] {
    [
      Parameter(
        name: "encoder.layer.0.attention.self.query.lora_A",
        value: Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, 1e-30, -.infinity]), isTrainable: true
      ),
      Parameter(
        name: "classifier.bias", value: Tensor(shape: [2], scalars: [0.25, -0.5]), isTrainable: true
      ),
      Parameter(name: "embeddings.word_embeddings.weight", value: Tensor(zeros: [4, 3])),
    ]
  }

  @Test func roundTripThroughFile() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/checkpoint.safetensors"
    let params = model()
    try CheckpointWriter.save(
      parameters: params, metadata: ["method": "lora", "step": "120", "config": #"{"r":8}"#],
      to: path)
    let file = try CheckpointFile.read(path: path)
    #expect(
      file.tensors.map(\.name) == [
        "classifier.bias", "encoder.layer.0.attention.self.query.lora_A",
      ])
    #expect(file.metadata["method"] == "lora" && file.metadata["config"] == #"{"r":8}"#)
    let fresh = model()
    fresh[0].value = Tensor(zeros: [2, 3])
    fresh[1].value = Tensor(zeros: [2])
    try file.apply(to: fresh, path: path)
    #expect(fresh[0].value == params[0].value)
    #expect(fresh[1].value == params[1].value)
    // The layout is standard safetensors: header length, JSON header, 8-byte aligned data.
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let headerLength = bytes[0..<8].enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    #expect(headerLength % 8 == 0)
    #expect(bytes.count == 8 + headerLength + 8 * 4)
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    #expect(header.contains(#""classifier.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#))
    // Same content, same bytes.
    #expect(
      file.encoded() == CheckpointFile(tensors: file.tensors, metadata: file.metadata).encoded())
    #expect(bytes == file.encoded())
  }

  @Test func optimizerStateRoundTrip() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let params = model()
    let optimizer = AdamW(parameters: params)
    params[0].gradient = Tensor(repeating: 0.5, shape: [2, 3])
    optimizer.step(learningRate: 0.1)
    try CheckpointWriter.save(parameters: params, optimizer: optimizer, to: dir + "/c.safetensors")
    let file = try CheckpointFile.read(path: dir + "/c.safetensors")
    #expect(file.optimizerStep == 1)
    let restored = AdamW(parameters: model())
    try restored.restoreState(stepCount: 1, tensors: file.tensorsByName, path: "c")
    #expect(restored.stateTensors().map(\.tensor) == optimizer.stateTensors().map(\.tensor))
    try file.apply(to: model(), path: "c")  // adamw.* tensors are not model parameters
  }

  @Test func mismatchesNameTensorAndShapes() throws {
    let file = CheckpointFile(
      tensors: model().filter(\.isTrainable).map { ($0.name, $0.value) }, metadata: [:])
    let bigger = model()
    bigger[1].value = Tensor(zeros: [3])
    #expect(
      throws: CheckpointError.shapeMismatch(
        path: "c", tensor: "classifier.bias", expected: [3], found: [2])
    ) { try file.apply(to: bigger, path: "c") }
    let extra =
      model() + [
        Parameter(name: "adapter.up", value: Tensor(zeros: [1]), isTrainable: true)
      ]
    let error = #expect(throws: CheckpointError.self) { try file.apply(to: extra, path: "c") }
    #expect(error == .missingTensor(path: "c", tensor: "adapter.up", expectedShape: [1]))
    #expect(error?.description.contains("missing tensor 'adapter.up' (expected shape [1])") == true)
    let fewer = model()
    fewer[1].isTrainable = false
    #expect(
      throws: CheckpointError.unexpectedTensor(path: "c", tensor: "classifier.bias", shape: [2])
    ) { try file.apply(to: fewer, path: "c") }
    // Nothing was modified by the failed loads.
    #expect(bigger[0].value == model()[0].value)
  }

  @Test func corruptFiles() throws {
    let good = CheckpointFile(tensors: [("a", Tensor(shape: [2], scalars: [1, 2]))]).encoded()
    #expect(throws: CheckpointError.tooSmall(path: "c", bytes: 3)) {
      _ = try CheckpointFile.decode([1, 2, 3], path: "c")
    }
    #expect(throws: CheckpointError.self) {
      _ = try CheckpointFile.decode(Array(good.dropLast(1)), path: "c")  // truncated data
    }
    var huge = good
    huge[6] = 1  // header length far beyond the file
    #expect(throws: CheckpointError.self) { _ = try CheckpointFile.decode(huge, path: "c") }
    let header = #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#
    var f16 = [UInt8](repeating: 0, count: 8)
    f16[0] = UInt8(header.utf8.count)
    f16 += Array(header.utf8) + [0, 0, 0, 0]
    let error = #expect(throws: CheckpointError.self) {
      _ = try CheckpointFile.decode(f16, path: "c")
    }
    #expect(error?.description.contains("dtype F16, expected F32") == true)
  }

  @Test func writesAreAtomic() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/checkpoint.safetensors"
    let first = CheckpointFile(
      tensors: [("w", Tensor(shape: [1], scalars: [1]))], metadata: ["step": "1"])
    try CheckpointWriter.write(first, to: path)
    // A hard link to the old file keeps its bytes: the new checkpoint is a new file renamed
    // into place, never the old one rewritten in place.
    try FileManager.default.linkItem(atPath: path, toPath: dir + "/old-link")
    let second = CheckpointFile(
      tensors: [("w", Tensor(shape: [1], scalars: [2]))], metadata: ["step": "2"])
    try CheckpointWriter.write(second, to: path)
    #expect(try CheckpointFile.read(path: dir + "/old-link") == first)
    #expect(try CheckpointFile.read(path: path) == second)
    // A writer killed mid-way leaves only a partial temporary file; the checkpoint is intact.
    try writeFile(dir + "/.checkpoint.safetensors.tmp-1-2", "partial")
    #expect(try CheckpointFile.read(path: path) == second)
    // A failing write (the destination is a non-empty directory) reports the path, leaves no
    // temporary file behind and does not touch the existing checkpoint.
    try FileManager.default.createDirectory(
      atPath: dir + "/blocked/x", withIntermediateDirectories: true)
    let error = #expect(throws: CheckpointError.self) {
      try CheckpointWriter.write(second, to: dir + "/blocked")
    }
    #expect(error?.description.contains("cannot write checkpoint") == true)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
      $0.hasPrefix(".blocked")
    }
    #expect(leftovers.isEmpty)
    #expect(throws: CheckpointError.self) {
      try CheckpointWriter.write(second, to: dir + "/missing-dir/c.safetensors")
    }
    #expect(try CheckpointFile.read(path: path) == second)
  }
}
