import AtomicOutput

/// Why shard files cannot be merged; every problem found is listed.
public struct SweepMergeError: Error, Sendable, CustomStringConvertible {
  public var directory: String
  public var problems: [String]

  public init(directory: String, problems: [String]) {
    self.directory = directory
    self.problems = problems
  }

  public var description: String {
    let header =
      problems.count == 1
      ? "\(directory): cannot merge the sweep"
      : "\(directory): cannot merge the sweep (\(problems.count) problems)"
    return ([header] + problems.map { "  " + $0 }).joined(separator: "\n")
  }
}
