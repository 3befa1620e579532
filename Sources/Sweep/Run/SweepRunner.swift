import AtomicOutput
import Foundation
import Simulator
import TraceFormat

/// Runs one shard of a sweep (docs/sweeps.md): its share of the grid's points on every trace,
/// each trace read once, points grouped into replay classes (``ReplayClass``), the rows of each
/// trace saved as soon as it is done, and at the end one shard file written atomically. A shard
/// whose file exists is done; a killed shard, rerun, replays only the traces it had not saved and
/// writes the same bytes as an uninterrupted run.
public struct SweepRunner: Sendable {
  public var spec: SweepSpec
  public var shard: ShardSelection
  public var outDirectory: String
  public var threads: Int
  /// Records read and handed to the replay threads at a time (memory: one chunk).
  public var chunkRecords = 32
  /// Replay classes fed by one pass over a trace. Memory grows with the classes held at once
  /// (about 1 MiB each on an SST-2-sized trace: dense costs cached per token count), so a shard
  /// with more classes reads each trace once per this many classes.
  public var maxReplaysPerPass = 512
  /// Stop after saving this many traces' parts, leaving what a shard killed at that moment
  /// leaves (tests of the resume use it).
  public var stopAfterTraces: Int?

  public init(spec: SweepSpec, shard: ShardSelection, outDirectory: String, threads: Int) {
    self.spec = spec
    self.shard = shard
    self.outDirectory = outDirectory
    self.threads = max(1, threads)
  }

  public struct Summary: Sendable {
    public var path: String
    public var alreadyDone: Bool
    public var points: Int
    public var replayClasses: Int
    public var rows: Int
  }

  public var shardPath: String {
    outDirectory + "/" + ShardFile.name(shard: shard.index, of: shard.count)
  }

  var partsDirectory: String {
    outDirectory + "/.shard-\(shard.index)-of-\(shard.count).parts"
  }

  public func run(log: (String) -> Void = { _ in }) throws(SweepRunError) -> Summary {
    let grid = SweepGrid(spec: spec)
    let check = grid.check()
    if spec.invalidPoints == .error && !check.invalid.isEmpty {
      throw .invalidPoints(
        InvalidPointsError(
          file: spec.file.isEmpty ? spec.name : spec.file, keys: spec.axisKeys,
          points: check.invalid.map { ($0.point, grid.values(at: $0.point), $0.reasons) }))
    }
    let digest = SweepDigest.of(spec)
    if FileManager.default.fileExists(atPath: shardPath) {
      if let done = ShardFile.decode(ShardFile.self, path: shardPath), done.digest == digest {
        return Summary(
          path: shardPath, alreadyDone: true, points: done.points.count, replayClasses: 0,
          rows: done.rows.count)
      }
      if ShardFile.decode(ShardFile.self, path: shardPath) != nil {
        throw .otherSweep(path: shardPath)
      }
    }
    do {
      try FileManager.default.createDirectory(
        atPath: partsDirectory, withIntermediateDirectories: true)
    } catch {
      throw .output(
        FileOutputError(
          path: partsDirectory, operation: "create the directory",
          reason: error.localizedDescription))
    }
    let range = shard.range(points: grid.count)
    let excluded = check.excluded()
    var points: [SweepPoint] = []
    for index in range where !excluded.contains(index) {
      if case .success(let point) = grid.point(at: index) { points.append(point) }
    }
    var classOf: [String: Int] = [:]
    var members: [[Int]] = []
    for (p, point) in points.enumerated() {
      let key = ReplayClass(point).key
      if let c = classOf[key] {
        members[c].append(p)
      } else {
        classOf[key] = members.count
        members.append([p])
      }
    }
    log(
      "\(shard): points \(range.lowerBound)..<\(range.upperBound) of \(grid.count), "
        + "\(points.count) to run in \(members.count) replay classes, \(threads) threads")
    var traces: [TraceInfo] = []
    var rows: [SweepRow] = []
    for (t, trace) in spec.traces.enumerated() {
      let partPath = partsDirectory + "/trace-\(t).json"
      if let part = ShardFile.decode(TracePart.self, path: partPath), part.digest == digest,
        part.shard == shard.index, part.shards == shard.count
      {
        log("\(trace.label): already replayed (\(partPath))")
        traces.append(part.trace)
        rows += part.rows
        continue
      }
      let start = Date()
      let part = try replay(
        trace: t, points: points, members: members, digest: digest)
      try write(try ShardFile.encode(part, what: "trace part"), to: partPath)
      log(
        "\(trace.label): \(part.trace.sequences) sequences, \(members.count) replays, "
          + String(format: "%.2f s", Date().timeIntervalSince(start)))
      traces.append(part.trace)
      rows += part.rows
      if let stop = stopAfterTraces, t + 1 >= stop {
        return Summary(
          path: partPath, alreadyDone: false, points: points.count, replayClasses: members.count,
          rows: rows.count)
      }
    }
    rows.sort { ($0.point, $0.trace) < ($1.point, $1.trace) }
    let inRange = { (p: ExcludedPoint) in range.contains(p.point) }
    let file = ShardFile(
      sweep: spec.name, digest: digest, shard: shard.index, shards: shard.count,
      gridPoints: grid.count, lower: range.lowerBound, upper: range.upperBound,
      axisKeys: spec.axisKeys, constraints: spec.constraints.map(\.text), traces: traces,
      pairs: TraceInfo.pairs(traces),
      points: points.map { PointValues(point: $0.index, values: $0.values) }, rows: rows,
      invalid: check.invalid.filter(inRange), pruned: check.pruned.filter(inRange))
    // Written in the shard's own directory, then renamed into place: shards on other nodes
    // sharing the output directory never see (or clean up) this shard's partial files.
    let staged = partsDirectory + "/" + ShardFile.name(shard: shard.index, of: shard.count)
    try write(try file.bytes(), to: staged)
    if rename(staged, shardPath) != 0 {
      throw .output(
        FileOutputError(
          path: shardPath, operation: "rename \(staged) to the final name",
          reason: String(cString: strerror(errno))))
    }
    let directory = open(outDirectory, O_RDONLY | O_CLOEXEC)  // the rename survives a crash
    if directory >= 0 {
      _ = fsync(directory)
      _ = close(directory)
    }
    try? FileManager.default.removeItem(atPath: partsDirectory)
    return Summary(
      path: shardPath, alreadyDone: false, points: points.count, replayClasses: members.count,
      rows: rows.count)
  }

  private func replay(trace t: Int, points: [SweepPoint], members: [[Int]], digest: String)
    throws(SweepRunError) -> TracePart
  {
    let trace = spec.traces[t]
    var rows: [SweepRow] = []
    var info: TraceInfo?
    // One pass over the trace for up to `maxReplaysPerPass` classes (at least one pass, for the
    // trace's figures when no point of the shard runs).
    for lower in stride(from: 0, to: max(members.count, 1), by: maxReplaysPerPass) {
      let classes = Array(members[lower..<min(lower + maxReplaysPerPass, members.count)])
      let pass = try replayPass(trace: trace, configs: classes.map { points[$0[0]] })
      info = pass.info
      for (c, result) in pass.results.enumerated() {
        for p in classes[c] {
          let point = points[p]
          let metrics = SweepMetrics(
            total: result.total.counts, dense: result.denseTotal.counts, config: point.config,
            options: point.options, header: pass.header, sequences: result.sequences,
            tokens: result.tokens)
          let feasible = spec.constraints.allSatisfy { $0.holds(metrics.value($0.metric)) }
          rows.append(
            SweepRow(point: point.index, trace: t, feasible: feasible, metrics: metrics))
        }
      }
    }
    guard let info else { preconditionFailure("a trace is read at least once") }
    rows.sort { $0.point < $1.point }
    return TracePart(
      digest: digest, shard: shard.index, shards: shard.count, trace: info, rows: rows)
  }

  /// Reads the trace once, feeding every record to one accumulator per entry of `configs`.
  private func replayPass(trace: SweepTrace, configs: [SweepPoint]) throws(SweepRunError) -> (
    header: TraceHeader, info: TraceInfo, results: [SimulationResult]
  ) {
    let reader: TraceReader
    do throws(TraceError) {
      reader = try TraceReader(path: trace.resolvedPath)
    } catch {
      throw .replay("\(error)")
    }
    let header = reader.header
    var accumulators: [any TraceAccumulator] = []
    do throws(SimulationError) {
      for point in configs {
        accumulators.append(
          try TraceAccumulators.make(header: header, config: point.config, options: point.options))
      }
    } catch {
      throw .replay("\(trace.resolvedPath): \(error)")
    }
    let workers = ClassWorkers(accumulators, threads: threads)
    var sequences = 0
    var tokens = 0
    var chunk: [TraceRecord] = []
    chunk.reserveCapacity(chunkRecords)
    while true {
      let record: TraceRecord?
      do throws(TraceError) { record = try reader.next() } catch { throw .replay("\(error)") }
      if let record {
        sequences += 1
        tokens += record.tokenCount
        chunk.append(record)
      }
      if chunk.count == chunkRecords || (record == nil && !chunk.isEmpty) {
        do throws(SimulationError) { try workers.feed(chunk) } catch {
          throw .replay("\(trace.resolvedPath): \(error)")
        }
        chunk.removeAll(keepingCapacity: true)
      }
      if record == nil { break }
    }
    let info = TraceInfo(
      label: trace.label, path: trace.path, sequences: sequences, tokens: tokens,
      deft: header.deft.isDEFTRun, model: header.model.name, task: header.task.name,
      split: header.task.split, peftMethod: header.peft.method)
    do throws(SimulationError) {
      return (header, info, try workers.results())
    } catch {
      throw .replay("\(trace.resolvedPath): \(error)")
    }
  }

  private func write(_ bytes: [UInt8], to path: String) throws(SweepRunError) {
    do throws(FileOutputError) { try AtomicFile.write(bytes, to: path) } catch {
      throw .output(error)
    }
  }
}
