/// A figure of one design point on one trace, by the name constraints and tables use.
public enum SweepMetric: String, CaseIterable, Codable, Sendable {
  case cycles
  case latencyMicroseconds
  case energyMicrojoules
  case energyPerSequenceMicrojoules
  case areaMM2
  case speedup
  case energySaving
  case sequencesPerSecondPerMM2
  case utilisation

  /// The unit, for tables and messages.
  public var unit: String {
    switch self {
    case .cycles: return "cycles"
    case .latencyMicroseconds: return "µs"
    case .energyMicrojoules, .energyPerSequenceMicrojoules: return "µJ"
    case .areaMM2: return "mm²"
    case .speedup: return "× over the dense baseline on the same hardware"
    case .energySaving: return "fraction of the dense baseline's energy"
    case .sequencesPerSecondPerMM2: return "sequences/s/mm²"
    case .utilisation: return "fraction of PE-cycles"
    }
  }

  /// Whether the metric depends on the hardware config only (not on a trace): constraints on
  /// it are checked before anything runs, and points that fail them are not replayed.
  public var isConfigOnly: Bool { self == .areaMM2 }
}
