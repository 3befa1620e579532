/// Which share of the points a process runs: shard `index` of `count` (0-based), taken from
/// `--shard I/N`, else Slurm's job array variables, else a Kubernetes Indexed Job's
/// `JOB_COMPLETION_INDEX` with the count from `--shards N` or `DEFT_SIM_SWEEP_SHARDS`, else 0/1.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
  public static let maxShards = 100_000
  public var index: Int
  public var count: Int
  /// Where the shard came from (`--shard`, `SLURM_ARRAY_TASK_ID`, …), for the log.
  public var source: String

  public init(index: Int, count: Int, source: String) {
    self.index = index
    self.count = count
    self.source = source
  }

  public var description: String { "shard \(index)/\(count) (from \(source))" }

  /// The points `[lower, upper)` of a grid of `points` this shard runs: balanced contiguous
  /// ranges, so neighbouring points (which often share replays) stay together.
  public func range(points: Int) -> Range<Int> {
    let lower = points * index / count
    let upper = points * (index + 1) / count
    return lower..<upper
  }

  public static func resolve(
    flag: String?, shardsFlag: Int?, environment: [String: String]
  ) throws(ShardSelectionError) -> ShardSelection {
    if let flag {
      let parts = flag.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
        throw ShardSelectionError(
          "--shard \(flag): expected I/N with integers, e.g. --shard 0/4 (shards count from 0)")
      }
      return try checked(index: i, count: n, source: "--shard")
    }
    if let id = environment["SLURM_ARRAY_TASK_ID"] {
      guard let i = Int(id) else {
        throw ShardSelectionError("SLURM_ARRAY_TASK_ID=\(id): expected an integer")
      }
      guard let countText = environment["SLURM_ARRAY_TASK_COUNT"], let n = Int(countText) else {
        throw ShardSelectionError(
          "SLURM_ARRAY_TASK_ID=\(id) without an integer SLURM_ARRAY_TASK_COUNT "
            + "(hint: submit with --array=0-(N-1), or pass --shard I/N)")
      }
      let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
      return try checked(index: i - minimum, count: n, source: "SLURM_ARRAY_TASK_ID")
    }
    if let id = environment["JOB_COMPLETION_INDEX"] {
      guard let i = Int(id) else {
        throw ShardSelectionError("JOB_COMPLETION_INDEX=\(id): expected an integer")
      }
      let n = shardsFlag ?? environment["DEFT_SIM_SWEEP_SHARDS"].flatMap { Int($0) }
      guard let n else {
        throw ShardSelectionError(
          "JOB_COMPLETION_INDEX=\(id) needs the number of shards: pass --shards N or set "
            + "DEFT_SIM_SWEEP_SHARDS to the Job's completions")
      }
      return try checked(index: i, count: n, source: "JOB_COMPLETION_INDEX")
    }
    if let n = shardsFlag, n != 1 {
      throw ShardSelectionError(
        "--shards \(n) without a shard index: pass --shard I/\(n), or run as a Slurm array task "
          + "or a Kubernetes Indexed Job")
    }
    return ShardSelection(index: 0, count: 1, source: "default: one process")
  }

  private static func checked(index: Int, count: Int, source: String)
    throws(ShardSelectionError) -> ShardSelection
  {
    guard (1...maxShards).contains(count) else {
      throw ShardSelectionError(
        "\(source): shard count \(count) outside 1...\(maxShards)")
    }
    guard (0..<count).contains(index) else {
      throw ShardSelectionError(
        "\(source): shard \(index) outside 0...\(count - 1) (shards count from 0; with Slurm "
          + "submit --array=0-\(count - 1))")
    }
    return ShardSelection(index: index, count: count, source: source)
  }
}

public struct ShardSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
