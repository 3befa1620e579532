import ArgumentParser
import Foundation
import Simulator
import TraceFormat

/// `--batch-sequences N`, shared by the commands that replay traces.
public struct BatchOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Sequences per batch (>= 1): consecutive records share one weight fetch per layer.",
      discussion: "The token-parallel GEMMs run once per batch with M = the batch's tokens; "
        + "attention stays per sequence. 1 replays one sequence at a time. See "
        + "docs/simulator-model.md, Batching."))
  public var batchSequences = 1

  public init() {}

  public func validate() throws {
    guard batchSequences >= 1 else {
      throw ValidationError("--batch-sequences must be >= 1, got \(batchSequences)")
    }
  }

  /// `, batch 8 sequences` for titles and headings; empty at batch 1.
  var titleNote: String { batchSequences == 1 ? "" : ", batch \(batchSequences) sequences" }

  /// `["--batch-sequences", "8"]` for reproduce commands; empty at batch 1.
  var arguments: [String] { batchSequences == 1 ? [] : ["--batch-sequences", "\(batchSequences)"] }
}

/// Replays a trace file on one config, streaming records through the engine (bounded memory).
func replayTraceFile(path: String, config: HardwareConfig, options: WorkloadOptions) throws
  -> SimulationResult
{
  try replayTraceFile(path: path, configs: [config], options: options)[0]
}

/// Replays a trace file on several configs in one pass over the file (each record is read and
/// decoded once and fed to one accumulator per config). The only place the CLI reads traces for
/// replay.
func replayTraceFile(path: String, configs: [HardwareConfig], options: WorkloadOptions) throws
  -> [SimulationResult]
{
  do {
    let reader = try TraceReader(path: path)
    let accumulators = try configs.map {
      try ReplayAccumulator(header: reader.header, config: $0, options: options)
    }
    while let record = try reader.next() {
      for accumulator in accumulators { try accumulator.add(record) }
    }
    return accumulators.map { $0.result() }
  } catch let error as TraceError {
    throw CommandFailure("\(error)")
  } catch let error as SimulationError {
    throw CommandFailure("\(path): \(error)")
  }
}

/// Replays every trace on every config: `result[t][c]`. Traces are replayed concurrently (one
/// thread each, up to the core count); the first failure, in trace order, is thrown.
func replayTraceFiles(paths: [String], configs: [HardwareConfig], options: WorkloadOptions)
  throws -> [[SimulationResult]]
{
  let slots = ResultSlots(count: paths.count)
  DispatchQueue.concurrentPerform(iterations: paths.count) { t in
    slots.set(t, Result { try replayTraceFile(path: paths[t], configs: configs, options: options) })
  }
  return try slots.values.map { try $0.get() }
}

/// One result per concurrently replayed trace, written under a lock.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<[SimulationResult], any Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Result<[SimulationResult], any Error>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [Result<[SimulationResult], any Error>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0 ?? .failure(CommandFailure("internal error: a trace was not replayed")) }
  }
}

/// Loads hardware configs, reporting the problems of every file at once, and rejects two configs
/// with the same name (tables and baselines identify configs by name).
func loadHardwareConfigs(_ paths: [String]) throws -> [HardwareConfig] {
  var configs: [HardwareConfig] = []
  var problems: [String] = []
  for path in paths {
    do { configs.append(try HardwareConfig.load(path: path)) } catch {
      problems.append(CommandFailure(error).message)
    }
  }
  if !problems.isEmpty { throw CommandFailure(problems.joined(separator: "; ")) }
  var seen: [String: String] = [:]
  for (path, config) in zip(paths, configs) {
    if let first = seen[config.name] {
      throw CommandFailure(
        "\(path): hardware config name '\(config.name)' is also the name of \(first); "
          + "hint: give each config a distinct \"name\"")
    }
    seen[config.name] = path
  }
  return configs
}
