import ArgumentParser
import Foundation
import Simulator

/// `deft-sim compare --trace A --trace B --hw X --hw Y`: the traces × configs matrix.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay every trace on every hardware config: latency, energy, speedup.")

  @Option(name: .customLong("trace"), help: "Trace file (repeat for more).")
  var traces: [String] = []

  @Option(name: .customLong("hw"), help: "Hardware config JSON (repeat for more).")
  var configs: [String] = []

  @Option(help: "Write the results as JSON to this file.")
  var json: String?

  @Option(help: "Write the matrix as CSV to this file.")
  var csv: String?

  func validate() throws {
    if traces.isEmpty { throw ValidationError("give at least one --trace") }
    if configs.isEmpty { throw ValidationError("give at least one --hw") }
  }

  func run() throws {
    var hardware: [HardwareConfig] = []
    var problems: [String] = []
    for path in configs {
      do { hardware.append(try HardwareConfig.load(path: path)) } catch {
        problems.append(CommandFailure(error).message)
      }
    }
    if !problems.isEmpty { throw CommandFailure(problems.joined(separator: "; ")) }
    var results: [SimulationResult] = []
    var rows = [
      [
        "trace", "hardware", "latency us", "dense latency us", "speedup", "energy uJ",
        "energy saving",
      ]
    ]
    for trace in traces {
      for config in hardware {
        let result = try replayTraceFile(path: trace, config: config, options: WorkloadOptions())
        results.append(result)
        rows.append([
          trace, config.name, ResultTable.fixed(result.total.latencyMicroseconds, 1),
          ResultTable.fixed(result.denseTotal.latencyMicroseconds, 1),
          ResultTable.fixed(result.speedup), ResultTable.fixed(result.total.energyMicrojoules, 2),
          ResultTable.fixed(result.energySaving * 100, 1) + "%",
        ])
      }
    }
    print(ResultTable.aligned(rows))
    if let json { try write(ResultTable.json(results), to: json) }
    if let csv { try write(ResultTable.csv(rows), to: csv) }
  }

  private func write(_ text: String, to path: String) throws {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw CommandFailure("\(path): cannot write: \(error.localizedDescription)")
    }
  }
}
