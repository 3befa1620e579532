import Foundation
import TraceFormat

/// Replay orchestration, what the commands call: load hardware configs, open traces, stream
/// their records through one ``ReplayAccumulator`` per config, return the results. Memory is
/// bounded by one record per trace being replayed.
public enum TraceReplay {
  /// Loads hardware configs, reporting the problems of every file at once, and rejects two
  /// configs with the same name.
  public static func loadConfigs(_ paths: [String]) throws(ReplayError) -> [HardwareConfig] {
    var configs: [HardwareConfig] = []
    var problems: [HardwareConfigError] = []
    for path in paths {
      do throws(HardwareConfigError) {
        configs.append(try HardwareConfig.load(path: path))
      } catch {
        problems.append(error)
      }
    }
    if !problems.isEmpty { throw .hardware(problems) }
    var seen: [String: String] = [:]
    for (path, config) in zip(paths, configs) {
      if let first = seen[config.name] {
        throw .duplicateConfigName(path: path, name: config.name, firstPath: first)
      }
      seen[config.name] = path
    }
    return configs
  }

  /// Replays the trace at `path` on each of `configs` in one pass over the file (each record is
  /// read and decoded once): one result per config, in order.
  public static func replay(
    path: String, configs: [HardwareConfig], options: WorkloadOptions
  ) throws(ReplayError) -> [SimulationResult] {
    let reader: TraceReader
    do throws(TraceError) { reader = try TraceReader(path: path) } catch { throw .trace(error) }
    if reader.header.architecture != nil {
      return try replayVersion2(reader: reader, path: path, configs: configs, options: options)
    }
    var accumulators: [ReplayAccumulator] = []
    do throws(SimulationError) {
      for config in configs {
        accumulators.append(
          try ReplayAccumulator(header: reader.header, config: config, options: options))
      }
    } catch {
      throw .simulation(path: path, error)
    }
    try forEachRecord(of: reader, path: path) { (record) throws(SimulationError) in
      for accumulator in accumulators { try accumulator.add(record) }
    }
    return accumulators.map { $0.result() }
  }

  /// Reads every record of `reader` once and hands it to `body`; errors name `path`.
  private static func forEachRecord(
    of reader: TraceReader, path: String,
    _ body: (TraceRecord) throws(SimulationError) -> Void
  ) throws(ReplayError) {
    while true {
      let record: TraceRecord?
      do throws(TraceError) { record = try reader.next() } catch { throw .trace(error) }
      guard let record else { return }
      do throws(SimulationError) { try body(record) } catch { throw .simulation(path: path, error) }
    }
  }

  /// A version-2 trace: one ``TransformerReplayAccumulator`` per config.
  private static func replayVersion2(
    reader: TraceReader, path: String, configs: [HardwareConfig], options: WorkloadOptions
  ) throws(ReplayError) -> [SimulationResult] {
    var accumulators: [TransformerReplayAccumulator] = []
    do throws(SimulationError) {
      for config in configs {
        accumulators.append(
          try TransformerReplayAccumulator(header: reader.header, config: config, options: options))
      }
    } catch {
      throw .simulation(path: path, error)
    }
    try forEachRecord(of: reader, path: path) { (record) throws(SimulationError) in
      for accumulator in accumulators { try accumulator.add(record) }
    }
    var results: [SimulationResult] = []
    do throws(SimulationError) {
      for accumulator in accumulators { results.append(try accumulator.result()) }
    } catch {
      throw .simulation(path: path, error)
    }
    return results
  }

  /// The equal-area dense twins of the skip configs among `configs`, in order (reports compare
  /// each skip design with the dense design of the same silicon area).
  public static func equalAreaTwins(_ configs: [HardwareConfig]) -> [HardwareConfig] {
    configs.filter { $0.zeroHandling.mode == .skip }.map(\.equalAreaDenseTwin)
  }

  /// Every trace on `configs` and on their equal-area dense twins: `results[t][c]` and
  /// `twins[t][k]` (empty when no config skips zeros).
  public static func replayWithTwins(
    paths: [String], configs: [HardwareConfig], options: WorkloadOptions
  ) throws(ReplayError) -> (results: [[SimulationResult]], twins: [[SimulationResult]]) {
    let twinConfigs = equalAreaTwins(configs)
    return (
      try replay(paths: paths, configs: configs, options: options),
      twinConfigs.isEmpty ? [] : try replay(paths: paths, configs: twinConfigs, options: options)
    )
  }

  /// Every trace on every config, `result[t][c]`. Traces are replayed concurrently (one thread
  /// each, up to the core count); the first failure, in trace order, is thrown.
  public static func replay(
    paths: [String], configs: [HardwareConfig], options: WorkloadOptions
  ) throws(ReplayError) -> [[SimulationResult]] {
    let slots = ResultSlots(count: paths.count)
    DispatchQueue.concurrentPerform(iterations: paths.count) { t in
      slots.set(t) { () throws(ReplayError) in
        try replay(path: paths[t], configs: configs, options: options)
      }
    }
    return try slots.values()
  }
}

/// One result per concurrently replayed trace, written under a lock.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<[SimulationResult], ReplayError>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ body: () throws(ReplayError) -> [SimulationResult]) {
    let value: Result<[SimulationResult], ReplayError>
    do throws(ReplayError) { value = .success(try body()) } catch { value = .failure(error) }
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() throws(ReplayError) -> [[SimulationResult]] {
    lock.lock()
    let filled = slots
    lock.unlock()
    var out: [[SimulationResult]] = []
    for slot in filled {
      guard let slot else { preconditionFailure("a trace was not replayed") }
      out.append(try slot.get())
    }
    return out
  }
}
