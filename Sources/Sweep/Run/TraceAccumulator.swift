import Simulator
import TraceFormat

/// One replay of one trace on one config: the simulator's accumulator for version-1 traces
/// (``ReplayAccumulator``) or for version-2 traces with an architecture
/// (``TransformerReplayAccumulator``), as `TraceReplay.replay` chooses them.
protocol TraceAccumulator: AnyObject {
  func add(_ record: TraceRecord) throws(SimulationError)
  func finish() throws(SimulationError) -> SimulationResult
}

extension ReplayAccumulator: TraceAccumulator {
  func finish() throws(SimulationError) -> SimulationResult { result() }
}

extension TransformerReplayAccumulator: TraceAccumulator {
  func finish() throws(SimulationError) -> SimulationResult { try result() }
}

enum TraceAccumulators {
  static func make(header: TraceHeader, config: HardwareConfig, options: WorkloadOptions)
    throws(SimulationError) -> any TraceAccumulator
  {
    if header.architecture != nil {
      return try TransformerReplayAccumulator(header: header, config: config, options: options)
    }
    return try ReplayAccumulator(header: header, config: config, options: options)
  }
}
