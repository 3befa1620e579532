import Foundation
import Training

/// The demo's PEFT-vs-DEFT table of accuracy and density under every zero definition.
enum DemoTables {
  static func density(peft: RunMetrics, deft: RunMetrics) -> String {
    let p = peft.evaluation
    let d = deft.evaluation
    var rows = [["", "PEFT", "DEFT", "DEFT / PEFT"]]
    for name in p.metrics.valuesPercent.keys.sorted() {
      let a = p.metrics.valuesPercent[name] ?? 0
      let b = d.metrics.valuesPercent[name] ?? 0
      rows.append([
        "\(name) (%)", String(format: "%.2f", a), String(format: "%.2f", b),
        String(format: "%+.2f pt", b - a),
      ])
    }
    for (a, b) in zip(p.density.entries, d.density.entries) {
      rows.append([
        "density \(a.label) (%)", String(format: "%.2f", 100 * a.overallDensity),
        String(format: "%.2f", 100 * b.overallDensity),
        String(format: "%.3f×", a.overallDensity > 0 ? b.overallDensity / a.overallDensity : 0),
      ])
    }
    return
      "\nSST-2 dev (\(p.metrics.exampleCount) sentences), MLP activation density over real tokens:\n"
      + ResultTable.aligned(rows)
  }
}
