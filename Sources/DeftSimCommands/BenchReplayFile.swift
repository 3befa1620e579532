import Foundation
import Reports
import Simulator

/// `deft-sim bench replay --trace FILE`: times the streaming replay of an existing trace (any
/// version) per config, best of the repetitions, with each phase's speedup over dense for a
/// version-2 trace. Memory: one record (one batch per phase) at a time, whatever the file size.
extension BenchReplay {
  func runOnFile(_ path: String, configs hardware: [HardwareConfig], options: WorkloadOptions)
    throws
  {
    print("trace \(path)\(batch.titleNote): streamed from the file, best of \(repetitions)")
    var table = Table(
      columns: [Table.Column("config", alignment: .left)]
        + [
          "seconds", "tokens", "speedup", "prefill speedup", "decode ms/token",
          "decode speedup", "decode tokens/s",
        ].map { Table.Column($0) })
    for config in hardware {
      var best = Double.infinity
      var result: SimulationResult?
      for _ in 0..<repetitions {
        let t0 = Date()
        result = try replaying { () throws(ReplayError) in
          try TraceReplay.replay(path: path, configs: [config], options: options)[0]
        }
        best = min(best, Date().timeIntervalSince(t0))
      }
      guard let result else { continue }
      let prefill = result.phases?.first { $0.phase == "prefill" }
      let decode = result.phases?.first { $0.phase == "decode" }
      table.append([
        config.name, FixedDecimal.string(best, digits: 3), "\(result.tokens)",
        FixedDecimal.string(result.speedup, digits: 3),
        prefill.map { FixedDecimal.string($0.speedup, digits: 3) } ?? "-",
        decode.map { FixedDecimal.string($0.latencyPerRunMicroseconds / 1000, digits: 3) } ?? "-",
        decode.map { FixedDecimal.string($0.speedup, digits: 3) } ?? "-",
        decode.map { FixedDecimal.string($0.tokensPerSecond, digits: 1) } ?? "-",
      ])
    }
    print(TextTable.render(table))
    print("peak resident memory: \(Self.peakResidentMiB()) MiB")
  }
}
