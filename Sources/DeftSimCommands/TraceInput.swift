import Simulator
import TraceFormat

/// Replays a trace file on one config. The only place the CLI reads trace files.
///
/// Reading needs `TraceReader` from the TraceFormat target, built on branch `trace`; until it
/// is merged this reports that plainly instead of pretending to read anything.
func replayTraceFile(path: String, config: HardwareConfig, options: WorkloadOptions) throws
  -> SimulationResult
{
  throw CommandFailure(
    "\(path): reading trace files needs TraceReader (TraceFormat, branch 'trace'), which is not "
      + "merged into this build yet (hint: use 'deft-sim bench replay' for synthetic traces)")
}
