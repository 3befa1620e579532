/// A front read from a file (a sweep's `front.json` or its cached copy) and shown in a
/// comparison report beside the report's own runs: the demo's "Accuracy–density–speedup front
/// (cached sweep)" section. The front's numbers are the file's; nothing is re-run.
public struct CachedFront: Sendable, Equatable, Codable {
  public static let heading = "Accuracy–density–speedup front (cached sweep)"

  /// The file as given (e.g. `examples/fronts/sst2-front.json`).
  public var source: String
  public var front: FrontReport
  /// The report's traces, in report order.
  public var overlay: [FrontOverlayPoint]

  public init(source: String, front: FrontReport, overlay: [FrontOverlayPoint]) {
    self.source = source
    self.front = front
    self.overlay = overlay
  }

  /// Points on the Pareto front of accuracy against density or against any config's speedup.
  public var paretoPoints: [FrontPoint] {
    front.points.filter { $0.pareto || $0.hardware.contains(where: \.pareto) }
  }

  /// Where the front came from, as one paragraph.
  public var provenance: String {
    "The front is read from \(source) (not re-run): \(front.points.count) points that deft-sim "
      + "sweep train (deft-sim \(front.toolVersion)) trained from the spec \(front.spec) and "
      + "replayed on \(front.configs.joined(separator: ", ")), written by: \(front.command). "
      + "This report's own runs are drawn over it as black triangles ('\(FrontOverlayPoint.seriesName)')."
  }
}

extension ComparisonReport {
  /// Attaches `front` (read from `source`), with this report's traces as the overlay: their
  /// task metric, their density and their speedup on each front config this report replayed
  /// (matched by name).
  public mutating func attachFront(_ front: FrontReport, source: String) {
    var overlay = traces.indices.map { t in
      let density = run(trace: t, config: 0).density.elementDensity * 100
      let hardware = front.configs.compactMap { name -> FrontPoint.Hardware? in
        guard let c = self.hardware.firstIndex(where: { $0.name == name }) else { return nil }
        let cost = run(trace: t, config: c).cost
        return FrontPoint.Hardware(
          config: name, speedup: cost.speedupOverDense, energySaving: cost.energySaving,
          cycles: cost.cycles, energyMicrojoules: cost.energyMicrojoules)
      }
      return FrontOverlayPoint(
        name: traces[t].label, accuracy: traces[t].quality?.valuePercent, density: density,
        zeroDefinition: traces[t].zeroDefinition, hardware: hardware)
    }
    // The report's first trace is its PEFT run: the overlay's speedups over PEFT are against it,
    // as the front's are against the sweep's PEFT point.
    if let base = overlay.first {
      for i in overlay.indices {
        for k in overlay[i].hardware.indices {
          overlay[i].hardware[k].relate(to: base.hardware(overlay[i].hardware[k].config))
        }
      }
    }
    self.front = CachedFront(source: source, front: front, overlay: overlay)
  }
}
