import Foundation
import Reports
import Simulator
import Testing

/// Reports and baselines echo the batch size (``WorkloadOptions/batchSequences``); batch 1
/// renders as before batching existed (the golden files).
@Suite struct BatchEchoTests {
  @Test func reportsShowTheBatchSize() throws {
    let report = try ReportFixture.report(batchSequences: 4)
    #expect(report.batchSequences == 4)
    let bundle = try ReportBundle(report)
    #expect(
      bundle.markdown.contains(
        "**Side by side (zero definition exact; latency at each config's clock; batch 4 "
          + "sequences)**"))
    #expect(
      bundle.markdown.contains(
        "**Every trace on every hardware config (dense = the same hardware without zero "
          + "handling; batch 4 sequences)**"))
    #expect(bundle.html.contains("summed over every sequence of the trace at batch 4 sequences"))
    #expect(bundle.html.contains("all sequences, batch 4 sequences)"))
    #expect(bundle.json.contains("\"batchSequences\" : 4"))
    let one = try ReportBundle(try ReportFixture.report())
    #expect(!one.markdown.contains("sequences)**") && !one.json.contains("batchSequences"))
  }

  func baseline(batch: Int) throws -> SpeedupBaseline {
    let configs = try ReportFixture.configs()
    let results = try [0.45, 0.12].enumerated().map { i, density in
      try ReportFixture.replay(
        ReportFixture.trace(
          density: density, blockCorrelation: 0, seed: 11, deft: i == 1, accuracy: nil),
        on: configs, batchSequences: batch)
    }
    return try SpeedupBaseline.measure(
      paths: ["ci/peft.trace", "ci/deft.trace"], results: results,
      pairs: TracePair.pairs(headers: results.map { $0[0].traceHeader }), toolVersion: "test")
  }

  @Test func baselineRecordsTheBatchAndAnotherBatchIsAMismatch() throws {
    let one = try baseline(batch: 1)
    let eight = try baseline(batch: 8)
    #expect(one.batchSequences == 1 && eight.batchSequences == 8)
    let error = #expect(throws: BaselineError.self) {
      try RegressionCheck(current: eight, baseline: one, baselinePath: "b.json", tolerance: 0.02)
    }
    let text = error.map { "\($0)" } ?? ""
    #expect(
      text.contains(
        "baseline b.json does not match the given inputs: the baseline was recorded at batch 1 "
          + "(--batch-sequences 1), the speedups now are measured at batch 8 "
          + "(--batch-sequences 8)"), "\(text)")
    #expect(
      (try? RegressionCheck(current: eight, baseline: eight, baselinePath: "b", tolerance: 0))
        != nil)
  }

  /// A baseline written before batching existed has no `batchSequences`: it means batch 1.
  @Test func baselineWithoutBatchIsBatchOne() throws {
    let one = try baseline(batch: 1)
    var old = one
    old.batchSequences = nil
    let encoder = JSONEncoder()
    let data = try encoder.encode(old)
    #expect(String(data: data, encoding: .utf8)?.contains("batchSequences") == false)
    let decoded = try JSONDecoder().decode(SpeedupBaseline.self, from: data)
    #expect(decoded.batchSequences == nil && decoded.recordedBatchSequences == 1)
    #expect(
      (try? RegressionCheck(current: one, baseline: decoded, baselinePath: "b", tolerance: 0))
        != nil)
    #expect(throws: BaselineError.self) {
      try RegressionCheck(
        current: try baseline(batch: 2), baseline: decoded, baselinePath: "b", tolerance: 0)
    }
  }
}
