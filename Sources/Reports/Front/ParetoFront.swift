/// Pareto optimality for two objectives: a benefit to maximise (accuracy) and a cost to minimise
/// (density) or a second benefit (speedup).
public enum ParetoFront {
  /// `result[i]` is true when no other point is at least as good in both objectives and better
  /// in one. Equal points are all optimal.
  public static func optimal(benefit: [Double], cost: [Double]) -> [Bool] {
    precondition(benefit.count == cost.count, "one cost per benefit")
    return benefit.indices.map { i in
      !benefit.indices.contains { j in
        j != i && benefit[j] >= benefit[i] && cost[j] <= cost[i]
          && (benefit[j] > benefit[i] || cost[j] < cost[i])
      }
    }
  }

  /// Marks `points`: `pareto` against density, each config's `pareto` against its speedup
  /// (`FrontPoint.Hardware.frontSpeedup`).
  public static func mark(_ points: inout [FrontPoint]) {
    relateToPEFT(&points)
    let accuracy = points.map(\.accuracy)
    for (i, on) in optimal(benefit: accuracy, cost: points.map(\.density)).enumerated() {
      points[i].pareto = on
    }
    let configs = points.first?.hardware.map(\.config) ?? []
    for (k, config) in configs.enumerated() {
      guard points.allSatisfy({ $0.hardware.count > k && $0.hardware[k].config == config })
      else { continue }
      let speedups = points.map { -$0.hardware[k].frontSpeedup }
      for (i, on) in optimal(benefit: accuracy, cost: speedups).enumerated() {
        points[i].hardware[k].pareto = on
      }
    }
  }

  /// Fills each config's `speedupOverPEFT` and `energySavingOverPEFT` against the first point of
  /// kind `peft` (left nil when there is none or its cycles are unknown).
  static func relateToPEFT(_ points: inout [FrontPoint]) {
    guard let base = points.first(where: { $0.kind == "peft" }) else { return }
    for i in points.indices {
      for k in points[i].hardware.indices {
        let config = points[i].hardware[k].config
        points[i].hardware[k].relate(to: base.hardware.first { $0.config == config })
      }
    }
  }
}
