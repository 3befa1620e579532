import Foundation
import Reports

/// Every shard of a sweep put together, checked complete: the input of the merged outputs.
/// Nothing in it depends on how the points were sharded.
public struct MergedSweep: Codable, Sendable, Equatable {
  public var sweep: String
  public var digest: String
  public var gridPoints: Int
  public var axisKeys: [String]
  public var constraints: [String]
  public var traces: [TraceInfo]
  public var pairs: [TracePair]
  public var points: [PointValues]
  /// By point, then trace.
  public var rows: [SweepRow]
  public var invalid: [ExcludedPoint]
  public var pruned: [ExcludedPoint]

  /// `shard-I-of-N.json`.
  static func isShardName(_ name: String) -> Bool {
    guard name.hasPrefix("shard-"), name.hasSuffix(".json") else { return false }
    let middle = name.dropFirst("shard-".count).dropLast(".json".count)
    let parts = middle.components(separatedBy: "-of-")
    return parts.count == 2
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }
  }

  /// Reads `directory`'s shard files and checks that they are one sweep, every shard present
  /// exactly once.
  public static func load(directory: String) throws(SweepMergeError) -> MergedSweep {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      throw SweepMergeError(
        directory: directory, problems: ["cannot list the directory: \(error.localizedDescription)"]
      )
    }
    var problems: [String] = []
    var files: [(name: String, file: ShardFile)] = []
    for name in names where isShardName(name) {
      guard let file = ShardFile.decode(ShardFile.self, path: directory + "/" + name) else {
        problems.append("\(name): not a readable shard file of this deft-sim")
        continue
      }
      files.append((name, file))
    }
    guard let first = files.first else {
      problems.append(
        "no shard files (shard-I-of-N.json) found; hint: run `deft-sim sweep run SPEC --out "
          + "\(directory)` first")
      throw SweepMergeError(directory: directory, problems: problems)
    }
    let digests = Set(files.map(\.file.digest))
    if digests.count > 1 {
      let listing = files.map { "\($0.name) (sweep '\($0.file.sweep)', \($0.file.digest))" }
      problems.append(
        "shard files of different sweeps: " + listing.joined(separator: ", ")
          + "; hint: merge one sweep's output directory at a time")
    }
    let counts = Set(files.map(\.file.shards))
    if counts.count > 1 {
      problems.append(
        "duplicated points: shard files of different shard counts ("
          + counts.sorted().map(String.init).joined(separator: ", ") + "): "
          + files.map(\.name).joined(separator: ", ")
          + "; hint: remove the files of the runs you do not want")
    }
    if !problems.isEmpty { throw SweepMergeError(directory: directory, problems: problems) }
    let count = first.file.shards
    var byIndex: [Int: [String]] = [:]
    for (name, file) in files { byIndex[file.shard, default: []].append(name) }
    for (index, holders) in byIndex.sorted(by: { $0.key < $1.key }) where holders.count > 1 {
      problems.append(
        "duplicated shard \(index) of \(count): " + holders.joined(separator: ", "))
    }
    let missing = (0..<count).filter { byIndex[$0] == nil }
    if !missing.isEmpty {
      problems.append(
        "missing shard\(missing.count == 1 ? "" : "s") "
          + missing.map(String.init).joined(separator: ", ") + " of \(count); hint: run "
          + "`deft-sim sweep run SPEC --out \(directory) --shard "
          + (missing.count == 1 ? "\(missing[0])" : "I") + "/\(count)`"
          + (missing.count == 1 ? "" : " for each"))
    }
    for (name, file) in files {
      if let problem = inconsistency(file) { problems.append("\(name): \(problem)") }
    }
    for (name, file) in files where file.traces != first.file.traces {
      problems.append(
        "\(name) replayed other traces than \(first.name) (a trace changed between shards); "
          + "hint: rerun every shard into a new directory")
    }
    if !problems.isEmpty { throw SweepMergeError(directory: directory, problems: problems) }
    let ordered = files.map(\.file).sorted { $0.shard < $1.shard }
    return MergedSweep(
      sweep: first.file.sweep, digest: first.file.digest, gridPoints: first.file.gridPoints,
      axisKeys: first.file.axisKeys, constraints: first.file.constraints,
      traces: first.file.traces, pairs: first.file.pairs,
      points: ordered.flatMap(\.points).sorted { $0.point < $1.point },
      rows: ordered.flatMap(\.rows).sorted { ($0.point, $0.trace) < ($1.point, $1.trace) },
      invalid: ordered.flatMap(\.invalid), pruned: ordered.flatMap(\.pruned))
  }

  /// What is wrong inside a shard file (one deft-sim never writes: edited or damaged), if
  /// anything, so that merge never indexes out of range.
  static func inconsistency(_ file: ShardFile) -> String? {
    guard file.shards >= 1, (0..<file.shards).contains(file.shard), file.gridPoints >= 0,
      file.gridPoints <= SweepSpec.maxPoints
    else {
      return "shard \(file.shard) of \(file.shards) of \(file.gridPoints) points is impossible"
    }
    let range = ShardSelection(index: file.shard, count: file.shards, source: "")
      .range(points: file.gridPoints)
    guard file.lower == range.lowerBound, file.upper == range.upperBound else {
      return
        "points \(file.lower)..<\(file.upper), but shard \(file.shard) of \(file.shards) holds "
        + "\(range.lowerBound)..<\(range.upperBound)"
    }
    var seen: Set<Int> = []
    for point in file.points {
      guard range.contains(point.point), seen.insert(point.point).inserted,
        point.values.count == file.axisKeys.count
      else { return "point \(point.point) is outside the shard, repeated or malformed" }
    }
    var rows: Set<[Int]> = []
    for row in file.rows {
      guard seen.contains(row.point), (0..<file.traces.count).contains(row.trace),
        rows.insert([row.point, row.trace]).inserted
      else {
        return "row (point \(row.point), trace \(row.trace)) has no point, no trace or a twin"
      }
    }
    for pair in file.pairs
    where !(0..<file.traces.count).contains(pair.peft)
      || !(0..<file.traces.count).contains(pair.deft)
    {
      return "pair \(pair.peft)/\(pair.deft) names a trace that does not exist"
    }
    return nil
  }

  /// The axis values of each point that ran, by point index.
  public var valuesByPoint: [Int: [JSONValue]] {
    Dictionary(uniqueKeysWithValues: points.map { ($0.point, $0.values) })
  }
}
