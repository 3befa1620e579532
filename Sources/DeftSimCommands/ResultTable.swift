import Foundation
import Simulator

/// Plain-text and CSV renderings of replay results for the CLI (the Reports module renders the
/// full reports).
enum ResultTable {
  static func fixed(_ value: Double, _ digits: Int = 3) -> String {
    String(format: "%.\(digits)f", value)
  }

  /// Aligns rows into columns; the first row is the header.
  static func aligned(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    let widths = first.indices.map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { i, cell in
        i == 0
          ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[i] - cell.count) + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }

  static let header = [
    "scope", "cycles", "dense cycles", "speedup", "latency us", "energy uJ", "dense energy uJ",
    "energy saving", "MACs computed", "MACs skipped", "MACs gated", "DRAM bytes", "utilisation",
    "element density", "block density", "union density (seq)",
  ]

  static func row(
    _ scope: String, _ work: WorkResult, dense: WorkResult, speedup: Double, saving: Double,
    density: DensityProfile?
  ) -> [String] {
    let c = work.counts
    return [
      scope, "\(c.totalCycles)", "\(dense.counts.totalCycles)", fixed(speedup),
      fixed(work.latencyMicroseconds, 1), fixed(work.energyMicrojoules, 2),
      fixed(dense.energyMicrojoules, 2), fixed(saving * 100, 1) + "%", "\(c.macsComputed)",
      "\(c.macsSkipped)", "\(c.macsGated)", "\(c.dramReadBytes + c.dramWriteBytes)",
      fixed(work.utilisation), density.map { fixed($0.elementDensity) } ?? "",
      density.map { fixed($0.blockDensity) } ?? "",
      density.map { fixed($0.unionDensityPerSequence) } ?? "",
    ]
  }

  /// The totals row; with `perLayer`, first a row per layer followed by a row per GEMM of the
  /// layer, and a last column with each GEMM's DRAM loop order (`fold`, `m-tiled(m=…)`).
  static func rows(_ result: SimulationResult, perLayer: Bool) -> [[String]] {
    guard perLayer else {
      return [
        header,
        row(
          "total", result.total, dense: result.denseTotal, speedup: result.speedup,
          saving: result.energySaving, density: nil),
      ]
    }
    var rows = [header + ["memory order"]]
    for layer in result.layers {
      rows.append(
        row(
          "layer \(layer.layer)" + (layer.mlpSkipped ? " (MLP skipped)" : ""), layer.total,
          dense: layer.denseTotal, speedup: layer.speedup, saving: layer.energySaving,
          density: layer.mlpSkipped ? nil : layer.density) + [""])
      for (gemm, dense) in zip(layer.gemms, layer.denseGemms) {
        let cycles = gemm.counts.totalCycles
        rows.append(
          row(
            "layer \(layer.layer) \(gemm.name)", gemm, dense: dense,
            speedup: cycles > 0 ? Double(dense.counts.totalCycles) / Double(cycles) : 1,
            saving: dense.energyPJ > 0 ? 1 - gemm.energyPJ / dense.energyPJ : 0, density: nil)
            + [gemm.memoryOrder ?? ""])
      }
    }
    rows.append(
      row(
        "total", result.total, dense: result.denseTotal, speedup: result.speedup,
        saving: result.energySaving, density: nil) + [""])
    return rows
  }

  static func csv(_ rows: [[String]]) -> String {
    rows.map { row in
      row.map {
        $0.contains(",") || $0.contains("\"")
          ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0
      }
      .joined(separator: ",")
    }.joined(separator: "\n") + "\n"
  }

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
  }
}
