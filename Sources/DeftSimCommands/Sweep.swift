import ArgumentParser

/// `deft-sim sweep`: grids of runs. (Minimal group holding `sweep train`; merged with the
/// other sweep subcommands.)
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run grids of settings and summarise them.",
    subcommands: [SweepTrain.self])
}
