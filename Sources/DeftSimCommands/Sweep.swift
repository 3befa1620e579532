import ArgumentParser

/// `deft-sim sweep …`: design-space sweeps over hardware grids (docs/sweeps.md). Each
/// subcommand lives in its own file; add new ones to `subcommands`.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Sweep hardware designs: run a grid (sharded), merge shards, Pareto fronts.",
    discussion: """
      A spec (examples/sweeps/) names a base hardware config, axes over its keys, traces and \
      constraints. `sweep run` replays a shard of the grid (--shard I/N, Slurm job arrays, \
      Kubernetes Indexed Jobs), `sweep merge` checks the shards and writes sweep.csv, \
      sweep.json, pareto.csv and report.html.
      """,
    subcommands: [
      SweepRun.self,
      SweepMerge.self,
    ]
  )
}
