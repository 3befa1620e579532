import ArgumentParser
import Foundation
import Sweep

/// `deft-sim sweep run SPEC --out DIR [--shard I/N]`: one shard of a sweep.
struct SweepRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Replay a shard of a sweep's grid and write DIR/shard-I-of-N.json.",
    discussion: """
      The shard comes from --shard I/N (0-based), else SLURM_ARRAY_TASK_ID and \
      SLURM_ARRAY_TASK_COUNT (minus SLURM_ARRAY_TASK_MIN), else JOB_COMPLETION_INDEX with \
      --shards N or DEFT_SIM_SWEEP_SHARDS, else the whole grid (0/1). A shard whose file \
      exists is skipped; a killed shard, rerun, resumes after its last finished trace and \
      writes the same bytes.
      """)

  @Argument(help: "Sweep spec JSON (docs/sweeps.md).")
  var spec: String

  @Option(help: "Output directory (shared by every shard of the sweep).")
  var out: String

  @Option(help: "This process's shard, I/N with 0 <= I < N.")
  var shard: String?

  @Option(help: "Number of shards, with JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).")
  var shards: Int?

  @Option(help: "Replay threads (default: the processor count).")
  var threads: Int?

  @Flag(help: "Check the spec and every grid point, print the grid, run nothing.")
  var dryRun = false

  func validate() throws {
    if let threads, !(1...1024).contains(threads) {
      throw ValidationError("--threads must be in 1...1024, got \(threads)")
    }
  }

  func run() throws {
    let decoded: SweepSpec
    do throws(SweepSpecError) { decoded = try SweepSpec.load(path: spec) } catch {
      throw CommandFailure(error.description)
    }
    let selection: ShardSelection
    do throws(ShardSelectionError) {
      selection = try ShardSelection.resolve(
        flag: shard, shardsFlag: shards, environment: ProcessInfo.processInfo.environment)
    } catch {
      throw CommandFailure(error.description)
    }
    if dryRun {
      let grid = SweepGrid(spec: decoded)
      let check = grid.check()
      print(
        "\(spec): \(grid.count) points, \(check.invalid.count) invalid, \(check.pruned.count) "
          + "outside an area constraint; \(selection) runs points "
          + "\(selection.range(points: grid.count))")
      for point in check.invalid {
        print("  invalid point \(point.point): " + point.reasons.joined(separator: "; "))
      }
      return
    }
    let runner = SweepRunner(
      spec: decoded, shard: selection, outDirectory: out,
      threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    let summary: SweepRunner.Summary
    do throws(SweepRunError) {
      summary = try runner.run { print($0) }
    } catch {
      throw CommandFailure(error.description)
    }
    if summary.alreadyDone {
      print("\(summary.path): already done (\(summary.points) points), nothing to run")
    } else {
      print(
        "wrote \(summary.path): \(summary.points) points, \(summary.rows) rows, "
          + "\(summary.replayClasses) replays per trace")
    }
  }
}
