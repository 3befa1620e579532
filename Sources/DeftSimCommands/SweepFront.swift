import AtomicOutput
import Foundation
import Reports
import Simulator
import Training

/// Builds and writes a sweep's front from its finished points: metrics.json gives the accuracy
/// and the densities under the trace's zero definition; the traces are replayed on the configs
/// (Simulator's `TraceReplay`) for the estimated speedup and energy saving.
enum SweepFront {
  static func kind(_ c: TrainingConfiguration) -> String {
    if c.peft.ada != nil { return "ada" }
    return c.densityLoss?.resolvedKind.rawValue ?? "peft"
  }

  static func point(_ plan: SweepPlan, _ m: RunMetrics, results: [SimulationResult], out: String)
    -> FrontPoint
  {
    let e = m.evaluation
    let zero = e.traceZeroDefinition?.label ?? "int8"
    let entry = e.density.entries.first { $0.label == zero } ?? e.density.entries.last
    func mean(_ values: [Double]?) -> Double? {
      guard let values, !values.isEmpty else { return nil }
      return values.reduce(0, +) / Double(values.count) * 100
    }
    return FrontPoint(
      name: plan.point.name, settings: plan.point.groupSummary, kind: kind(m.configuration),
      metric: e.metrics.primaryMetricName, accuracy: e.metrics.primaryValuePercent,
      zeroDefinition: entry?.label ?? zero, density: (entry?.overallDensity ?? 0) * 100,
      blockDensity: mean(entry?.perLayerBlockDensity),
      tileDensity: mean(entry?.perLayerTileDensity),
      blockUnits: e.density.blockUnits, tileTokens: e.density.tileTokens,
      skippedBlocks: e.skippedLayers.count,
      hardware: results.map {
        FrontPoint.Hardware(
          config: $0.hardware.name, speedup: $0.speedup, energySaving: $0.energySaving,
          cycles: $0.total.counts.totalCycles, energyMicrojoules: $0.total.energyMicrojoules)
      },
      runDirectory: SweepRunner.runDirectory(out: out, point: plan.point))
  }

  static func report(
    _ finished: [(SweepPlan, RunMetrics)], out: String, configs: [HardwareConfig],
    batchSequences: Int, references: [SweepReferencePoint], spec: String, command: String
  ) throws -> FrontReport {
    let traces = finished.map {
      SweepRunner.runDirectory(out: out, point: $0.0.point) + "/trace.zst"
    }
    let results: [[SimulationResult]]
    if configs.isEmpty || traces.isEmpty {
      results = traces.map { _ in [] }
    } else {
      do throws(ReplayError) {
        results = try TraceReplay.replay(
          paths: traces, configs: configs,
          options: WorkloadOptions(batchSequences: batchSequences))
      } catch {
        throw CommandFailure("replaying the sweep's traces: \(error)")
      }
    }
    let points = zip(finished, results).map { point($0.0, $0.1, results: $1, out: out) }
    return FrontReport(
      title: "Accuracy–density–speedup front (\(points.count) points)",
      toolVersion: ToolVersion.current, spec: spec, command: command,
      configs: configs.map(\.name), points: points,
      references: references.map {
        FrontReferencePoint(name: $0.name, accuracy: $0.accuracy, density: $0.density)
      })
  }

  static func write(_ report: FrontReport, out: String) throws {
    let json: String
    do throws(ReportError) { json = try report.json() } catch {
      throw CommandFailure("\(error)")
    }
    for (name, text) in [
      ("front.json", json), ("front.csv", report.csv()), ("report.html", report.html()),
    ] {
      do throws(FileOutputError) {
        try AtomicFile.write(Array(text.utf8), to: out + "/" + name)
      } catch {
        throw CommandFailure("\(out)/\(name): \(error.operation): \(error.reason)")
      }
    }
  }
}
