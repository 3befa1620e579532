import ArgumentParser
import Reports
import Simulator
import TraceFormat

/// `deft-sim check --baseline B.json TRACE… --hw HW.json…`: the CI gate on estimated speedups.
public struct Check: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Fail (exit 1) when a speedup dropped below a recorded baseline.",
    discussion: """
      Replays every trace on every config and compares each trace's speedup over dense, and \
      DEFT over PEFT for every pair of traces (a header with deft.enabled pairs with one \
      without, same model, task and PEFT method, in the order given), with the baseline. A \
      speedup fails when it is below baseline x (1 - tolerance). --update-baseline records the \
      current speedups instead (atomically), with the batch size; checking at another \
      --batch-sequences than the baseline's is a mismatch. See docs/ci.md.
      """)

  @Option(help: "Baseline JSON (written by --update-baseline).")
  public var baseline: String

  @Option(help: "Allowed relative drop, 0 <= tolerance < 1 (0.02 = 2 %).")
  public var tolerance = 0.02

  @Argument(help: "Trace files (before --hw).")
  public var traces: [String] = []

  @Option(
    name: .customLong("hw"), parsing: .upToNextOption,
    help: "Hardware config JSON (repeat, or give several after one --hw).")
  public var configs: [String] = []

  @Flag(help: "Write the current speedups as the new baseline instead of checking.")
  public var updateBaseline = false

  @OptionGroup public var batch: BatchOption

  public init() {}

  public func validate() throws {
    if traces.isEmpty { throw ValidationError("give at least one trace") }
    if configs.isEmpty { throw ValidationError("give at least one --hw") }
    if !(0..<1).contains(tolerance) {
      throw ValidationError("--tolerance must be in 0 ..< 1, a fraction (got \(tolerance))")
    }
  }

  public func run() throws {
    let hardware = try replaying { () throws(ReplayError) in try TraceReplay.loadConfigs(configs) }
    let results = try replaying { () throws(ReplayError) in
      try TraceReplay.replay(
        paths: traces, configs: hardware,
        options: WorkloadOptions(batchSequences: batch.batchSequences))
    }
    let pairs = TracePair.pairs(headers: results.map { $0[0].traceHeader })
    do {
      let current = try SpeedupBaseline.measure(
        paths: traces, results: results, pairs: pairs, toolVersion: ToolVersion.current)
      for pair in pairs {
        print("pair: \(traces[pair.deft]) (DEFT) over \(traces[pair.peft]) (PEFT)")
      }
      if updateBaseline {
        try current.write(to: baseline)
        print(
          "wrote \(baseline): \(current.measurements.count) speedups of \(traces.count) traces "
            + "on \(hardware.count) configs" + batch.titleNote)
        return
      }
      let check = try RegressionCheck(
        current: current, baseline: SpeedupBaseline.load(path: baseline), baselinePath: baseline,
        tolerance: tolerance)
      print(TextTable.render(check.table()))
      if !check.failures.isEmpty { throw CommandFailure(check.failureMessage()) }
      let tightest = check.tightest.map {
        "; smallest margin \(FixedDecimal.signed($0.margin * 100, digits: 2)) % (\($0.measurement.name))"
      }
      print(
        "ok: \(check.rows.count) speedups within \(check.tolerancePercent) of \(baseline)"
          + (tightest ?? ""))
    } catch let error as BaselineError {
      throw CommandFailure("\(error)")
    }
  }
}
