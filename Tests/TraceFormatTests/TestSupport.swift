import Foundation
import TraceFormat

/// A fresh empty directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
  let path: String

  init() {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("trace-tests-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  func contents() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

func readBytes(_ path: String) -> [UInt8] {
  (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } ?? []
}

func writeBytes(_ bytes: [UInt8], to path: String) {
  try? Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Reads every record, returning them, or throws the reader's error.
func readAll(_ path: String) throws(TraceError) -> (TraceHeader, [TraceRecord]) {
  let reader = try TraceReader(path: path)
  var records: [TraceRecord] = []
  while let record = try reader.next() { records.append(record) }
  return (reader.header, records)
}

/// The error `body` throws, or nil.
func traceError(_ body: () throws(TraceError) -> Void) -> TraceError? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}

func smallSpec(
  layers: Int = 2, intermediate: Int = 100, sequences: Int = 3, tokens: ClosedRange<Int> = 2...4,
  density: Double = 0.3, values: Bool = false, seed: UInt64 = 7
) -> SyntheticTraceSpec {
  SyntheticTraceSpec(
    model: ModelDimensions(
      name: "tiny", layers: layers, hidden: 32, intermediate: intermediate, heads: 4),
    sequences: sequences, tokenCounts: tokens, density: density, storesValues: values, seed: seed)
}

/// Binary entropy in bits.
func binaryEntropy(_ p: Double) -> Double {
  p <= 0 || p >= 1 ? 0 : -p * log2(p) - (1 - p) * log2(1 - p)
}
