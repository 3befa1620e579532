import ArgumentParser

/// `deft-sim sweep …`: design-space sweeps over hardware grids (docs/sweeps.md) and grids of
/// training runs with their accuracy–density–speedup front (docs/front.md). Each subcommand
/// lives in its own file; add new ones to `subcommands`.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract:
      "Sweep hardware designs (run a grid sharded, merge, Pareto fronts) or training settings "
      + "(the accuracy–density–speedup front).",
    discussion: """
      A hardware spec (examples/sweeps/) names a base hardware config, axes over its keys, \
      traces and constraints. `sweep run` replays a shard of the grid (--shard I/N, Slurm job \
      arrays, Kubernetes Indexed Jobs), `sweep merge` checks the shards and writes sweep.csv, \
      sweep.json, pareto.csv and report.html. `sweep train` runs a grid of PEFT/DEFT training \
      settings one after another (resumable) and writes front.json, front.csv and report.html.
      """,
    subcommands: [
      SweepRun.self,
      SweepMerge.self,
      SweepTrain.self,
    ]
  )
}
