import Foundation
import Sweep
import Testing

/// The Pareto sets of a merged sweep on a hand-checked grid: rows ∈ {16, 32} × DRAM ∈ {8, 16,
/// 32} bytes/cycle, a PEFT and a DEFT trace, figures set by hand.
struct SweepFrontsTests {
  // point: (area, PEFT latency, DEFT latency, PEFT energy, DEFT energy, DEFT row feasible)
  static let figures: [(Double, Double, Double, Double, Double, Bool)] = [
    (5, 100, 90, 55, 50, true),  // p0: rows 16, DRAM 8
    (6, 80, 70, 57, 52, true),  // p1: rows 16, DRAM 16
    (8, 78, 70, 64, 60, true),  // p2: rows 16, DRAM 32 (dominated by p1 and p3 on DEFT)
    (7, 60, 50, 50, 45, true),  // p3: rows 32, DRAM 8
    (8, 50, 40, 52, 47, true),  // p4: rows 32, DRAM 16
    (10, 49, 40, 54, 49, false),  // p5: rows 32, DRAM 32 (DEFT row fails a constraint)
  ]

  static func row(
    point: Int, trace: Int, feasible: Bool, area: Double, latency: Double, energy: Double
  ) -> String {
    """
    {"point": \(point), "trace": \(trace), "feasible": \(feasible), "metrics": {
      "cycles": \(Int(latency * 1000)), "denseCycles": 1, "latencyMicroseconds": \(latency),
      "energyMicrojoules": \(energy), "energyPerSequenceMicrojoules": 1, "areaMM2": \(area),
      "speedup": 1, "energySaving": 0, "sequencesPerSecondPerMM2": 1, "utilisation": 0.5}}
    """
  }

  static func sweep() throws -> MergedSweep {
    var rows: [String] = []
    var points: [String] = []
    for (p, f) in figures.enumerated() {
      points.append(#"{"point": \#(p), "values": [\#(p < 3 ? 16 : 32), \#([8, 16, 32][p % 3])]}"#)
      rows.append(row(point: p, trace: 0, feasible: true, area: f.0, latency: f.1, energy: f.3))
      rows.append(row(point: p, trace: 1, feasible: f.5, area: f.0, latency: f.2, energy: f.4))
    }
    func trace(_ label: String, deft: Bool) -> String {
      """
      {"label": "\(label)", "path": "\(label)", "sequences": 10, "tokens": 100, "deft": \(deft),
       "model": "m", "task": "sst2", "split": "validation", "peftMethod": "lora"}
      """
    }
    let json = """
      {"sweep": "hand", "digest": "0", "gridPoints": 6, "axisKeys": ["peArray.rows", "dramBytesPerCycle"],
       "constraints": ["latencyMicroseconds <= 45"], "traces": [\(trace("peft", deft: false)), \(trace("deft", deft: true))],
       "pairs": [{"peft": 0, "deft": 1}], "points": [\(points.joined(separator: ","))],
       "rows": [\(rows.joined(separator: ","))], "invalid": [], "pruned": []}
      """
    return try JSONDecoder().decode(MergedSweep.self, from: Data(json.utf8))
  }

  @Test func handCheckedFronts() throws {
    let fronts = SweepFronts(try Self.sweep())
    let sets = Dictionary(
      uniqueKeysWithValues: fronts.sets.map { ("\($0.scope) \($0.front)", $0.points) })
    // PEFT, all six points: p2 (78 µs, 8 mm²) is dominated by p3 (60 µs, 7 mm²).
    #expect(sets["peft latency-area"] == [0, 1, 3, 4, 5])
    // DEFT without the infeasible p5: p2 is dominated in every set it could be on.
    #expect(sets["deft latency-energy-area"] == [0, 1, 3, 4])
    #expect(sets["deft latency-area"] == [0, 1, 3, 4])
    // Energy against area: p1 (52, 6) is dominated by p0 (50, 5), p4 (47, 8) by p3 (45, 7).
    #expect(sets["deft energy-area"] == [0, 3])
    // Speedups 1.111, 1.143, 1.114, 1.2, 1.25 at 5, 6, 8, 7, 8 mm²: p2 loses to p1.
    #expect(sets["peft -> deft speedup-area"] == [0, 1, 3, 4])
    #expect(fronts.pairSpeedups.map(\.point) == [0, 1, 2, 3, 4])
    #expect(fronts.pairSpeedups[3].speedup == 1.2)
  }

  @Test func outputsNameTheFrontsAndMarkThemInTheReport() throws {
    let files = Dictionary(
      uniqueKeysWithValues: try SweepOutput.files(try Self.sweep()).map {
        ($0.name, String(decoding: $0.bytes, as: UTF8.self))
      })
    let pareto = files["pareto.csv"]!.split(separator: "\n")
    #expect(
      pareto[0]
        == "front,scope,point,peArray.rows,dramBytesPerCycle,latencyMicroseconds,energyMicrojoules,areaMM2,deftOverPeftSpeedup"
    )
    #expect(pareto.contains("energy-area,deft,3,32,8,50.0,45.0,7.0,"))
    #expect(pareto.contains("speedup-area,peft -> deft,3,32,8,50.0,45.0,7.0,1.2"))
    let html = files["report.html"]!
    #expect(html.contains("Pareto front") && html.contains("id=\"pair-0\""))
    #expect(files["sweep.csv"]!.split(separator: "\n").count == 13)
  }
}
