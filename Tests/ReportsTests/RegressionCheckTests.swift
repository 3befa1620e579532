import Foundation
import Reports
import Simulator
import Testing
import TraceFormat

/// Baseline measurement, matching, tolerance semantics and file errors.
@Suite struct RegressionCheckTests {
  let configs: [HardwareConfig]
  let results: [[SimulationResult]]
  let paths = ["ci/peft.trace", "ci/deft.trace"]
  let work: URL

  init() throws {
    configs = try ReportFixture.configs()
    let peft = ReportFixture.trace(
      density: 0.45, blockCorrelation: 0, seed: 11, deft: false, accuracy: nil)
    let deft = ReportFixture.trace(
      density: 0.12, blockCorrelation: 0.6, seed: 11, deft: true, accuracy: nil)
    results = [
      try ReportFixture.replay(peft, on: configs), try ReportFixture.replay(deft, on: configs),
    ]
    work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "deft-sim-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  func measure(_ results: [[SimulationResult]]? = nil, paths: [String]? = nil) throws
    -> SpeedupBaseline
  {
    let results = results ?? self.results
    return try SpeedupBaseline.measure(
      paths: paths ?? self.paths, results: results,
      pairs: TracePair.pairs(headers: results.map { $0[0].traceHeader }), toolVersion: "test")
  }

  @Test func measuresEachTraceOverDenseAndThePair() throws {
    let baseline = try measure()
    #expect(baseline.formatVersion == SpeedupBaseline.currentFormatVersion)
    #expect(baseline.traces.map(\.file) == ["peft.trace", "deft.trace"])
    #expect(baseline.configs == configs.map(\.name))
    #expect(baseline.measurements.count == 2 * configs.count + configs.count)
    let pair = baseline.measurements.filter { $0.metric == .deftOverPeftSpeedup }
    #expect(pair.map(\.trace) == ["deft.trace", "deft.trace"])
    #expect(pair.map(\.reference) == ["peft.trace", "peft.trace"])
    let expected =
      Double(results[0][1].total.counts.totalCycles)
      / Double(results[1][1].total.counts.totalCycles)
    #expect(pair[1].value == expected)
  }

  @Test func passesOnItsOwnTracesWithFullMargin() throws {
    let baseline = try measure()
    let check = try RegressionCheck(
      current: baseline, baseline: baseline, baselinePath: "b.json", tolerance: 0.02)
    #expect(check.failures.isEmpty)
    #expect(check.rows.allSatisfy { $0.relativeChange == 0 && abs($0.margin - 0.02) < 1e-12 })
  }

  @Test func toleranceIsRelative() throws {
    let baseline = try measure()
    var current = baseline
    // 1.5 % slower passes at 2 %, 2.5 % slower fails; faster always passes.
    current.measurements[0].value = baseline.measurements[0].value * 0.985
    current.measurements[1].value = baseline.measurements[1].value * 0.975
    current.measurements[2].value = baseline.measurements[2].value * 1.5
    let check = try RegressionCheck(
      current: current, baseline: baseline, baselinePath: "b.json", tolerance: 0.02)
    #expect(check.failures.map(\.measurement) == [current.measurements[1]])
    let message = check.failureMessage()
    #expect(message.hasPrefix("1 of \(current.measurements.count) speedups dropped below"))
    #expect(message.contains(current.measurements[1].name) && message.contains("2.0 %"))
    #expect(abs(check.rows[0].margin - 0.005) < 1e-9)
  }

  @Test func mismatchNamesWhatDiffers() throws {
    let baseline = try measure()
    let otherConfigs = try measure(results.map { Array($0.prefix(1)) })
    let fewer = #expect(throws: BaselineError.self) {
      try RegressionCheck(
        current: otherConfigs, baseline: baseline, baselinePath: "b.json", tolerance: 0.02)
    }
    #expect(
      "\(fewer.map { "\($0)" } ?? "")".contains("baseline config sparse-npu-block4 was not given"))
    let renamed = try measure(paths: ["ci/peft.trace", "ci/deft-v2.trace"])
    let rename = #expect(throws: BaselineError.self) {
      try RegressionCheck(
        current: renamed, baseline: baseline, baselinePath: "b.json", tolerance: 0.02)
    }
    let text = rename.map { "\($0)" } ?? ""
    #expect(text.contains("trace deft-v2.trace is not in the baseline"))
    #expect(text.contains("baseline trace deft.trace was not given"))
    #expect(text.contains("Hint: pass the traces and configs the baseline was recorded with"))
    var reseeded = baseline
    reseeded.traces[1].fingerprint.seed = 99
    reseeded.traces[1].fingerprint.sequences = 7
    let fingerprint = #expect(throws: BaselineError.self) {
      try RegressionCheck(
        current: baseline, baseline: reseeded, baselinePath: "b.json", tolerance: 0.02)
    }
    #expect(
      "\(fingerprint.map { "\($0)" } ?? "")".contains(
        "trace deft.trace is not the recorded one (baseline → given: seed 99 → 11, records 7 → 5)"))
  }

  @Test func writesAtomicallyAndReadsBack() throws {
    let baseline = try measure()
    let path = work.appendingPathComponent("baseline.json").path
    try baseline.write(to: path)
    #expect(try SpeedupBaseline.load(path: path) == baseline)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path)
    #expect(leftovers == ["baseline.json"])
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("\"formatVersion\" : 1") && text.contains("\"fingerprint\""))
  }

  @Test(arguments: [
    ("{not json", "is malformed: not valid JSON"),
    ("{\"formatVersion\": 1}", "is malformed: missing key 'toolVersion' at the top level"),
    ("{\"formatVersion\": 7}", "formatVersion 7, this deft-sim reads 1"),
    ("[]", "is malformed: expected"),
  ])
  func malformedBaselinesAreClearErrors(content: String, message: String) throws {
    let path = work.appendingPathComponent("bad-\(UUID().uuidString).json").path
    try content.write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: BaselineError.self) { try SpeedupBaseline.load(path: path) }
    let text = error.map { "\($0)" } ?? ""
    #expect(text.contains(path) && text.contains(message), "\(text)")
    #expect(text.contains("Hint:"))
  }

  @Test func missingBaselineSaysHowToRecordIt() {
    let path = work.appendingPathComponent("none.json").path
    #expect(throws: BaselineError.missing(path: path)) { try SpeedupBaseline.load(path: path) }
    #expect("\(BaselineError.missing(path: path))".contains("--update-baseline"))
  }

  @Test func duplicateFileNamesAreRejected() {
    #expect(throws: BaselineError.duplicateTraceName("deft.trace")) {
      try measure(paths: ["a/deft.trace", "b/deft.trace"])
    }
  }
}

@Test func pairsFormFromHeadersInOrder() {
  func header(_ deft: Bool, task: String = "sst2", method: String = "lora") -> TraceHeaderStub {
    TraceHeaderStub(deft: deft, task: task, method: method)
  }
  let headers = [
    header(false), header(true, task: "cola"), header(true), header(false, task: "cola"),
    header(false), header(true, method: "adapter"),
  ].map(\.header)
  #expect(
    TracePair.pairs(headers: headers) == [TracePair(peft: 3, deft: 1), TracePair(peft: 0, deft: 2)])
}

/// ADA-DEFT gates without a density loss (the demo's default DEFT run) are a DEFT run: paired
/// with the PEFT trace, and described as such, not as "off".
@Test func adaOnlyTraceIsADEFTRun() {
  let peft = TraceHeaderStub(deft: false, task: "sst2", method: "lora").header
  var ada = peft
  ada.deft = DEFTDescription(enabled: false, ada: true, skippedLayers: [3, 4, 5])
  #expect(TracePair.pairs(headers: [peft, ada]) == [TracePair(peft: 0, deft: 1)])
  #expect(ada.deft.isDEFTRun && !peft.deft.isDEFTRun)
  #expect(ada.deft.summary == "ADA skips 3,4,5")
  #expect(peft.deft.summary == "off")
  #expect(
    DEFTDescription(enabled: true, densityWeight: 0.5, ada: true).summary
      == "on (weight 0.5), ADA skips none")
  let fingerprint = TraceFingerprint(header: ada, sequences: 1, tokens: 2)
  #expect(fingerprint.summary.contains("DEFT on"))
}
