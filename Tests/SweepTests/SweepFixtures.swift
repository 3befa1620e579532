import Foundation
import Sweep
import TraceFormat

/// Small traces and specs in a fresh temporary directory.
final class SweepFixtures {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
  let directory: String

  init() throws {
    directory =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("sweep-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// A small synthetic trace (4 layers × 256 units) at `name`.
  @discardableResult
  func trace(_ name: String, density: Double, seed: UInt64, deft: Bool) throws -> String {
    let spec = SyntheticTraceSpec(
      model: ModelDimensions(name: "tiny", layers: 2, hidden: 64, intermediate: 256, heads: 4),
      sequences: 12, tokenCounts: 3...9, density: density, blockCorrelation: 0.2, blockSize: 4,
      seed: seed)
    var header = SyntheticTrace(spec).header()
    header.deft.enabled = deft
    let path = directory + "/" + name
    let writer = try TraceWriter(path: path, header: header)
    for index in 0..<spec.sequences { try writer.append(SyntheticTrace(spec).record(at: index)) }
    try writer.finish()
    return path
  }

  /// Decodes `json` as a spec in the fixture directory.
  func decode(_ json: String) throws(SweepSpecError) -> SweepSpec {
    try SweepSpec.decode(json: Data(json.utf8), file: "spec.json", directory: directory)
  }

  static var sparseNPU: String { repoRoot + "/hwconfigs/sparse-npu.json" }
}
