import TraceFormat

/// Why a replay could not run: a bad trace, a trace the simulator cannot model, bad hardware
/// configs. Each message names the file and what is wrong (one line per problem).
public enum ReplayError: Error, Sendable, CustomStringConvertible {
  /// The trace file is unreadable or malformed (the error names the file, section and offset).
  case trace(TraceError)
  /// The trace is well-formed but describes a workload the simulator rejects.
  case simulation(path: String, SimulationError)
  /// One or more hardware configs are unreadable or invalid (every problem of every file).
  case hardware([HardwareConfigError])
  /// Two configs share a name (tables and baselines identify configs by name).
  case duplicateConfigName(path: String, name: String, firstPath: String)

  public var description: String {
    switch self {
    case .trace(let error): return "\(error)"
    case .simulation(let path, let error): return "\(path): \(error)"
    case .hardware(let errors): return errors.map(\.description).joined(separator: "\n")
    case .duplicateConfigName(let path, let name, let firstPath):
      return "\(path): hardware config name '\(name)' is also the name of \(firstPath); "
        + "hint: give each config a distinct \"name\""
    }
  }
}
