import ArgumentParser
import Foundation
import Reports
import Training

/// Progress bars and summaries of training runs on the terminal.
enum TrainingConsole {
  /// Runs `request` with a progress bar per phase.
  static func train(_ request: TrainingRunRequest, label: String = "train") throws -> RunMetrics? {
    let bars = ProgressBars()
    let observer = TrainingObserver(
      started: {
        print($0)
        fflush(nil)
      },
      stepped: { p in
        let density = p.losses.density > 0 ? String(format: " density %.4f", p.losses.density) : ""
        let status =
          String(format: "loss %.4f", p.losses.task) + density
          + String(
            format: " |g| %.2f lr %.2e %.2f s/step", p.gradientNorm, p.learningRate,
            p.secondsPerStep)
        bars.update(label, done: p.step, total: p.totalSteps, status: status)
      },
      evaluating: { phase, done, total in bars.update(phase, done: done, total: total) },
      evaluated: { step, metrics in
        let values = metrics.valuesPercent.keys.sorted().map {
          String(format: "%@ %.2f", $0, metrics.valuesPercent[$0] ?? 0)
        }
        print("step \(step): " + values.joined(separator: ", "))
      })
    do {
      return try TrainingRun.train(request, observer: observer)
    } catch .configuration(let problems) {
      // Settings that do not fit the loaded model: a usage error (exit 64), before training.
      throw ValidationError(problems.joined(separator: "; "))
    } catch {
      throw CommandFailure(error.description)
    }
  }

  static func printSummary(_ m: RunMetrics, runDirectory: String) {
    let e = m.evaluation
    let values = e.metrics.valuesPercent.keys.sorted().map {
      String(format: "%@ %.2f%%", $0, e.metrics.valuesPercent[$0] ?? 0)
    }
    print(
      "\n\(m.configuration.task) \(e.metrics.exampleCount) examples: "
        + values.joined(separator: ", "))
    if !e.skippedLayers.isEmpty || e.gateValues != nil {
      let gates = (e.gateValues ?? []).map { String(format: "%.3f", $0) }.joined(separator: " ")
      print("ADA-DEFT gates: \(gates); skipped MLP blocks: \(e.skippedLayers)")
    }
    print(DensityTable.render(e.density))
    if let t = m.training {
      let measured = m.measured
      let resumed = (measured.resumedFromStep ?? 0) > 0
      print(
        String(
          format: "%d steps%@ in %.0f s (%.3f s/step), peak memory %d MiB", t.steps,
          resumed ? " (resumed at step \(measured.resumedFromStep ?? 0))" : "",
          measured.trainingSeconds, measured.secondsPerStep, measured.peakResidentBytes >> 20))
    }
    if m.training != nil {
      print(
        "wrote \(runDirectory)/checkpoint.safetensors, metrics.json"
          + (e.tracePath.map { ", trace \($0)" } ?? ""))
    } else if let trace = e.tracePath {
      print("wrote trace \(trace)")
    }
  }
}

/// Per-layer densities of a `DensityReport` as a text table (percent non-zero).
enum DensityTable {
  static func render(_ report: DensityReport) -> String {
    var table = Table(
      columns: [Table.Column("layer", alignment: .left)]
        + report.entries.map { Table.Column($0.label) })
    for l in 0..<report.layerCount {
      table.append(
        ["\(l)"]
          + report.entries.map { FixedDecimal.string(100 * $0.perLayerDensity[l], digits: 2) })
    }
    table.append(
      ["all"] + report.entries.map { FixedDecimal.string(100 * $0.overallDensity, digits: 2) })
    return "MLP activation density (% non-zero, prompt + real tokens):\n" + TextTable.render(table)
  }
}

/// One progress bar per label, redrawn as work advances (thread-safe).
final class ProgressBars: @unchecked Sendable {
  private let lock = NSLock()
  private var bars: [String: ProgressBar] = [:]

  func update(_ label: String, done: Int, total: Int, status: String = "") {
    lock.lock()
    defer { lock.unlock() }
    if bars[label] == nil || done < 1 || (bars[label]?.total ?? 0) != max(1, total) {
      bars[label] = ProgressBar(label: label, total: total)
    }
    bars[label]?.update(done, status: status)
    if done >= total { bars[label] = nil }
  }
}
