import Foundation
import Reports
import Simulator
import Testing
import TraceFormat

/// results.csv of reports with version-2 traces: a `phase` column and one `phase` row per trace ×
/// config × phase whose figures are the result's ``PhaseResult``s; version-1 reports keep their
/// columns (the golden file checks their bytes).
@Suite struct PhaseCSVTests {
  static let decoder = ModelArchitecture(
    name: "tiny-llama",
    stacks: [
      StackArchitecture(
        role: .decoder, layers: 2, hidden: 48, heads: 6, kvHeads: 2, headDim: 8, intermediate: 130,
        mlp: .gated(activation: "silu", masks: .gate))
    ], vocabSize: 500, tiedEmbeddings: true)

  static func replay(density: Double, deft: Bool, on configs: [HardwareConfig]) throws
    -> [SimulationResult]
  {
    let trace = SyntheticModelTrace(
      SyntheticModelTraceSpec(
        architecture: decoder, sequences: 4, promptTokens: 3...7, decodeTokens: 2...5,
        density: density, seed: 5))
    var header = trace.header(toolVersion: "test")
    header.deft.enabled = deft
    return try configs.map { config in
      let accumulator = try TransformerReplayAccumulator(
        header: header, config: config, options: WorkloadOptions(batchSequences: 2))
      for index in 0..<4 {
        for record in trace.records(ofSequence: index) { try accumulator.add(record) }
      }
      return try accumulator.result()
    }
  }

  /// The CSV's records as dictionaries keyed by column.
  static func records(_ csv: String) -> (titles: [String], rows: [[String: String]]) {
    let lines = csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let titles = lines.first ?? []
    return (titles, lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(titles, $0)) })
  }

  @Test func versionTwoReportHasPhaseRows() throws {
    let configs = try ReportFixture.configs()
    let peft = try Self.replay(density: 0.5, deft: false, on: configs)
    let deft = try Self.replay(density: 0.15, deft: true, on: configs)
    let report = ComparisonReport(
      kind: .report, title: "v2", toolVersion: "test",
      inputs: [
        .init(label: "PEFT", path: "peft.trace", results: peft),
        .init(label: "DEFT", path: "deft.trace", results: deft),
      ], pairs: [TracePair(peft: 0, deft: 1)], reproduce: [])
    let (titles, rows) = Self.records(ResultsCSV.render(report))
    #expect(titles[5] == "phase" && titles[4] == "scope")
    #expect(
      Array(titles.suffix(7)) == [
        "runs", "latency_per_run_us", "dense_latency_per_run_us", "tokens_per_s",
        "dense_tokens_per_s", "energy_per_token_uj", "dense_energy_per_token_uj",
      ])
    #expect(rows.allSatisfy { $0.count == titles.count })
    for (t, results) in [peft, deft].enumerated() {
      for (c, result) in results.enumerated() {
        let phases = try #require(result.phases)
        #expect(phases.map(\.phase) == ["prefill", "decode"])
        let label = t == 0 ? "PEFT" : "DEFT"
        let own = rows.filter { $0["trace"] == label && $0["config"] == configs[c].name }
        #expect(own.map { $0["scope"] ?? "" } == ["layer", "layer", "total", "phase", "phase"])
        #expect(own.filter { $0["scope"] != "phase" }.allSatisfy { $0["phase"] == "" })
        #expect(own.filter { $0["scope"] != "phase" }.allSatisfy { $0["runs"] == "" })
        for (row, phase) in zip(own.filter { $0["scope"] == "phase" }, phases) {
          #expect(row["phase"] == phase.phase)
          #expect(row["layer"] == "" && row["element_density"] == "")
          #expect(row["sequences"] == "\(phase.sequences)" && row["tokens"] == "\(phase.tokens)")
          #expect(row["cycles"] == "\(phase.total.counts.totalCycles)")
          #expect(row["dense_cycles"] == "\(phase.denseTotal.counts.totalCycles)")
          #expect(row["runs"] == "\(phase.runs)")
          for (column, value) in [
            ("speedup_over_dense", phase.speedup), ("energy_saving", phase.energySaving),
            ("latency_per_run_us", phase.latencyPerRunMicroseconds),
            ("tokens_per_s", phase.tokensPerSecond),
            ("energy_per_token_uj", phase.energyPerTokenMicrojoules),
            ("dense_energy_per_token_uj", phase.denseEnergyPerTokenMicrojoules),
          ] {
            let found = try #require(Double(row[column] ?? ""), "\(column)")
            #expect(abs(found - value) <= 5e-5 * max(1, abs(value)), "\(column)")
          }
          if t == 1 {
            let peftPhase = try #require(peft[c].phases?.first { $0.phase == phase.phase })
            let ratio =
              Double(peftPhase.total.counts.totalCycles) / Double(phase.total.counts.totalCycles)
            let found = try #require(Double(row["deft_over_peft_speedup"] ?? ""))
            #expect(abs(found - ratio) <= 5e-7)
          } else {
            #expect(row["deft_over_peft_speedup"] == "")
          }
        }
      }
    }
  }

  @Test func versionOneReportHasNoPhaseColumns() throws {
    let (titles, rows) = Self.records(ResultsCSV.render(try ReportFixture.report()))
    #expect(!titles.contains("phase") && !titles.contains("runs"))
    #expect(rows.allSatisfy { $0["scope"] == "layer" || $0["scope"] == "total" })
  }
}
