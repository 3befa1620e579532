import Foundation
import Reports
import Training

/// The demo's PEFT-vs-DEFT table of accuracy and density under every zero definition.
enum DemoTables {
  static func density(peft: RunMetrics, deft: RunMetrics) -> String {
    let p = peft.evaluation
    let d = deft.evaluation
    var table = Table(
      columns: [
        Table.Column("", alignment: .left), Table.Column("PEFT"), Table.Column("DEFT"),
        Table.Column("DEFT / PEFT"),
      ])
    for name in p.metrics.valuesPercent.keys.sorted() {
      let a = p.metrics.valuesPercent[name] ?? 0
      let b = d.metrics.valuesPercent[name] ?? 0
      table.append([
        "\(name) (%)", FixedDecimal.string(a, digits: 2), FixedDecimal.string(b, digits: 2),
        FixedDecimal.signed(b - a, digits: 2) + " pt",
      ])
    }
    for (a, b) in zip(p.density.entries, d.density.entries) {
      table.append([
        "density \(a.label) (%)", FixedDecimal.string(100 * a.overallDensity, digits: 2),
        FixedDecimal.string(100 * b.overallDensity, digits: 2),
        FixedDecimal.string(
          a.overallDensity > 0 ? b.overallDensity / a.overallDensity : 0, digits: 3) + "×",
      ])
    }
    return
      "\nSST-2 dev (\(p.metrics.exampleCount) sentences), MLP activation density over real tokens:\n"
      + TextTable.render(table)
  }
}
