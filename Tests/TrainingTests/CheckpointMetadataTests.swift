import Foundation
import Model
import TensorCore
import Testing
import Training

/// Hostile checkpoint metadata: each case is refused with the metadata key and the problem,
/// before anything is built from it.
@Suite struct CheckpointMetadataTests {
  static let configuration = TrainingConfiguration(
    task: "sst2", peft: PEFTConfiguration(method: .lora), maxSteps: 2)

  static func file(_ edit: (inout [String: String]) -> Void) -> CheckpointFile {
    var metadata = CheckpointMetadata.strings(
      configuration: configuration, modelName: "m", toolVersion: "t",
      losses: LossHistory(task: [0.5, 0.25], density: [0, 0]))
    edit(&metadata)
    return CheckpointFile(tensors: [("w", Tensor(shape: [1], scalars: [1]))], metadata: metadata)
  }

  static func configurationJSON(_ edit: (inout TrainingConfiguration) -> Void) -> String {
    var c = configuration
    edit(&c)
    return CheckpointMetadata.canonicalJSON(c)
  }

  struct Case: CustomStringConvertible, Sendable {
    var description: String
    var key: String
    var message: String
    var edit: @Sendable (inout [String: String]) -> Void
  }

  @Test(arguments: [
    Case(description: "format pytorch", key: "format", message: "found 'pytorch'") {
      $0["format"] = "pytorch"
    },
    Case(description: "no format", key: "format", message: "found no format key") {
      $0["format"] = nil
    },
    Case(description: "maxLength 100000", key: "configuration", message: "max length must be in") {
      $0["configuration"] = configurationJSON { $0.maxLength = 100_000 }
    },
    Case(description: "batchSize 0", key: "configuration", message: "batch size must be >= 1") {
      $0["configuration"] = configurationJSON { $0.batchSize = 0 }
    },
    Case(description: "threads 0", key: "configuration", message: "threads must be in 1...256") {
      $0["configuration"] = configurationJSON { $0.threads = 0 }
    },
    Case(description: "lr -1", key: "configuration", message: "learning rate must be finite") {
      $0["configuration"] = configurationJSON { $0.learningRate = -1 }
    },
    Case(description: "configuration not JSON", key: "configuration", message: "not a deft-sim") {
      $0["configuration"] = "{"
    },
    Case(description: "configuration missing", key: "configuration", message: "missing") {
      $0["configuration"] = nil
    },
    Case(description: "negative step", key: "optimizer_step", message: "found '-3'") {
      $0["optimizer_step"] = "-3"
    },
    Case(description: "step not a number", key: "optimizer_step", message: "found 'two'") {
      $0["optimizer_step"] = "two"
    },
    Case(description: "losses for other steps", key: "losses", message: "for 3 steps") {
      $0["optimizer_step"] = "3"
    },
    Case(description: "losses not JSON", key: "losses", message: "not a loss history") {
      $0["losses"] = "[1,2]"
    },
  ])
  func hostileMetadataIsRefused(_ c: Case) throws {
    let file = Self.file(c.edit)
    let error = #expect(throws: CheckpointError.self) {
      _ = try CheckpointMetadata(file, path: "run/checkpoint.safetensors")
    }
    guard case .badMetadata(let path, let key, let problem)? = error else {
      Issue.record("\(c): \(String(describing: error))")
      return
    }
    #expect(path == "run/checkpoint.safetensors" && key == c.key, "\(c)")
    #expect(problem.contains(c.message), "\(c): \(problem)")
    #expect(error?.description.contains("__metadata__.\(c.key)") == true)
  }

  /// A tensor shape whose element count overflows is an error naming the tensor, not a trap.
  @Test func overflowingShapeIsRefused() throws {
    let header = #"{"w":{"dtype":"F32","shape":[4611686018427387904,4,0],"data_offsets":[0,0]}}"#
    var bytes = Array(header.utf8)
    while bytes.count % 8 != 0 { bytes.append(0x20) }
    bytes = withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { Array($0) } + bytes
    let error = #expect(throws: CheckpointError.self) {
      _ = try CheckpointFile.decode(bytes, path: "c.safetensors")
    }
    #expect(error?.description.contains("tensor 'w'") == true)
    #expect(error?.description.contains("more elements than can exist") == true)
  }

  @Test func writtenMetadataReadsBack() throws {
    let metadata = try CheckpointMetadata(Self.file { _ in }, path: "c")
    #expect(metadata.configuration == Self.configuration)
    #expect(metadata.step == 2 && metadata.modelName == "m")
    #expect(metadata.losses == LossHistory(task: [0.5, 0.25], density: [0, 0]))
  }
}
