import Simulator
import TraceFormat

/// Replays a trace file on one config, streaming records through the engine (bounded memory).
/// The only place the replay CLI reads trace files.
func replayTraceFile(path: String, config: HardwareConfig, options: WorkloadOptions) throws
  -> SimulationResult
{
  do {
    let reader = try TraceReader(path: path)
    let accumulator = try ReplayAccumulator(header: reader.header, config: config, options: options)
    while let record = try reader.next() { try accumulator.add(record) }
    return accumulator.result()
  } catch let error as TraceError {
    throw CommandFailure("\(error)")
  } catch let error as SimulationError {
    throw CommandFailure("\(path): \(error)")
  }
}
