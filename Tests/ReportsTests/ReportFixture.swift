import Foundation
import Reports
import Simulator
import TraceFormat

/// Fixed synthetic PEFT and DEFT traces replayed in memory on two shipped configs: the input of
/// the golden and agreement tests. Everything is deterministic (seeded generator, fixed paths).
enum ReportFixture {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  static let model = ModelDimensions(
    name: "tiny-bert", layers: 2, hidden: 64, intermediate: 256, heads: 4)

  /// A synthetic trace's header and records, labelled as a PEFT or DEFT run.
  static func trace(
    density: Double, blockCorrelation: Double, seed: UInt64, deft: Bool, accuracy: Double?
  ) -> (header: TraceHeader, records: [TraceRecord]) {
    let synthetic = SyntheticTrace(
      SyntheticTraceSpec(
        model: model, sequences: 5, tokenCounts: 6...12, density: density,
        blockCorrelation: blockCorrelation, blockSize: 4, seed: seed))
    var header = synthetic.header(
      toolVersion: "test", provenance: ["command": "deft-sim trace synth --seed \(seed)"])
    header.peft = PEFTDescription(method: "lora", loraRank: 8, loraAlpha: 16)
    header.deft.enabled = deft
    header.task = TaskDescription(
      name: "sst2", split: "validation", metrics: accuracy.map { ["accuracy": $0] } ?? [:])
    return (header, (0..<synthetic.spec.sequences).map { synthetic.record(at: $0) })
  }

  static func configs() throws -> [HardwareConfig] {
    try ["dense-npu", "sparse-npu-block4"].map {
      try HardwareConfig.load(path: repoRoot.appendingPathComponent("hwconfigs/\($0).json").path)
    }
  }

  static func replay(
    _ trace: (header: TraceHeader, records: [TraceRecord]), on configs: [HardwareConfig],
    batchSequences: Int = 1
  )
    throws -> [SimulationResult]
  {
    try configs.map { config in
      let accumulator = try ReplayAccumulator(
        header: trace.header, config: config,
        options: WorkloadOptions(batchSequences: batchSequences))
      for record in trace.records { try accumulator.add(record) }
      return accumulator.result()
    }
  }

  /// The PEFT/DEFT report of the golden files.
  static func report(withAccuracy: Bool = true, batchSequences: Int = 1) throws
    -> ComparisonReport
  {
    let configs = try configs()
    let peft = trace(
      density: 0.45, blockCorrelation: 0, seed: 11, deft: false, accuracy: withAccuracy ? 91.5 : nil
    )
    let deft = trace(
      density: 0.12, blockCorrelation: 0.6, seed: 11, deft: true,
      accuracy: withAccuracy ? 90.75 : nil)
    return ComparisonReport(
      kind: .report, title: "PEFT vs DEFT (fixture)", toolVersion: "test",
      inputs: [
        .init(
          label: "PEFT", path: "runs/peft.trace",
          results: try replay(peft, on: configs, batchSequences: batchSequences)),
        .init(
          label: "DEFT", path: "runs/deft.trace",
          results: try replay(deft, on: configs, batchSequences: batchSequences)),
      ], pairs: [TracePair(peft: 0, deft: 1)],
      reproduce: ["deft-sim report --peft runs/peft.trace --deft runs/deft.trace --out out"])
  }
}

/// Compares `actual` with the golden file `name`; with `RECORD_GOLDEN=1` rewrites the file and
/// returns a failure message, so that a recording run never passes by accident.
func goldenMismatch(_ name: String, _ actual: String) throws -> String? {
  let url = ReportFixture.goldenDirectory.appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(
      at: ReportFixture.goldenDirectory, withIntermediateDirectories: true)
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return "recorded \(url.path); run again without RECORD_GOLDEN=1"
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    return "missing golden \(url.path); record it with RECORD_GOLDEN=1 swift test"
  }
  if expected == actual { return nil }
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
  return "\(name) differs from \(url.path) at line \(line + 1):\n  expected: "
    + (line < e.count ? String(e[line]) : "<end>") + "\n  actual:   "
    + (line < a.count ? String(a[line]) : "<end>")
    + "\nre-record with RECORD_GOLDEN=1 if the change is intended"
}

/// A minimal header for pairing tests.
struct TraceHeaderStub {
  var deft: Bool
  var task: String
  var method: String

  var header: TraceHeader {
    TraceHeader(
      model: ReportFixture.model, peft: PEFTDescription(method: method),
      deft: DEFTDescription(enabled: deft), task: TaskDescription(name: task, split: "validation"))
  }
}
