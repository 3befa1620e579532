import ArgumentParser
import Sweep

/// `deft-sim sweep merge DIR --out OUT`: every shard → sweep.csv, sweep.json, pareto.csv,
/// report.html.
struct SweepMerge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge a sweep's shard files into sweep.csv, sweep.json, pareto.csv, report.html.",
    discussion: """
      Every shard-I-of-N.json of DIR must belong to the same sweep, and every shard 0..N-1 \
      must be there exactly once; missing or duplicated shards are errors. The outputs do not \
      depend on the number of shards.
      """)

  @Argument(help: "The directory `sweep run --out` wrote.")
  var directory: String

  @Option(help: "Output directory (replaced as a whole).")
  var out: String

  func run() throws {
    do throws(SweepMergeError) {
      let merged = try MergedSweep.load(directory: directory)
      let paths = try SweepOutput.write(merged, to: out)
      print(
        "merged \(merged.points.count) points × \(merged.traces.count) traces "
          + "(\(merged.rows.count) rows, \(merged.rows.filter(\.feasible).count) feasible)")
      paths.forEach { print("wrote \($0)") }
    } catch {
      throw CommandFailure(error.description)
    }
  }
}
