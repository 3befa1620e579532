import Reports

/// One Pareto set of the merged sweep.
public struct ParetoSet: Codable, Sendable, Equatable {
  /// `latency-energy-area`, `latency-area`, `energy-area` (per trace) or `speedup-area` (per
  /// PEFT/DEFT pair: DEFT-over-PEFT speedup maximised, area minimised).
  public var front: String
  /// The trace label, or `PEFT-label -> DEFT-label`.
  public var scope: String
  public var objectives: [String]
  /// Point indices on the front, ascending.
  public var points: [Int]
}

/// DEFT-over-PEFT speedup of one point on one pair: PEFT latency / DEFT latency.
public struct PairSpeedup: Codable, Sendable, Equatable {
  public var point: Int
  public var pair: Int
  public var speedup: Double
  public var areaMM2: Double
}

/// The Pareto sets of a merged sweep, over the feasible rows (every constraint holds).
public struct SweepFronts: Sendable, Equatable {
  public var sets: [ParetoSet]
  public var pairSpeedups: [PairSpeedup]

  static let traceFronts: [(name: String, metrics: [SweepMetric])] = [
    ("latency-energy-area", [.latencyMicroseconds, .energyMicrojoules, .areaMM2]),
    ("latency-area", [.latencyMicroseconds, .areaMM2]),
    ("energy-area", [.energyMicrojoules, .areaMM2]),
  ]

  public init(_ sweep: MergedSweep) {
    var sets: [ParetoSet] = []
    for (t, trace) in sweep.traces.enumerated() {
      let rows = sweep.rows.filter { $0.trace == t && $0.feasible }
      for (name, metrics) in Self.traceFronts {
        let vectors = rows.map { row in metrics.map { row.metrics.value($0) } }
        let front = ParetoFront.indices(
          vectors, senses: metrics.map { _ in ParetoFront.Sense.minimise })
        sets.append(
          ParetoSet(
            front: name, scope: trace.label, objectives: metrics.map { "min " + $0.rawValue },
            points: front.map { rows[$0].point }))
      }
    }
    var speedups: [PairSpeedup] = []
    var byKey: [Int: [Int: SweepRow]] = [:]
    for row in sweep.rows where row.feasible { byKey[row.point, default: [:]][row.trace] = row }
    for (p, pair) in sweep.pairs.enumerated() {
      var mine: [PairSpeedup] = []
      for point in byKey.keys.sorted() {
        guard let peft = byKey[point]?[pair.peft], let deft = byKey[point]?[pair.deft],
          deft.metrics.latencyMicroseconds > 0
        else { continue }
        mine.append(
          PairSpeedup(
            point: point, pair: p,
            speedup: peft.metrics.latencyMicroseconds / deft.metrics.latencyMicroseconds,
            areaMM2: deft.metrics.areaMM2))
      }
      let front = ParetoFront.indices(
        mine.map { [$0.speedup, $0.areaMM2] }, senses: [.maximise, .minimise])
      sets.append(
        ParetoSet(
          front: "speedup-area", scope: Self.pairLabel(pair, sweep.traces),
          objectives: ["max deftOverPeftSpeedup", "min areaMM2"],
          points: front.map { mine[$0].point }))
      speedups += mine
    }
    self.sets = sets
    self.pairSpeedups = speedups
  }

  static func pairLabel(_ pair: TracePair, _ traces: [TraceInfo]) -> String {
    "\(traces[pair.peft].label) -> \(traces[pair.deft].label)"
  }
}
