import ArgumentParser

/// `deft-sim bench …`: performance benchmarks of the pipeline stages.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Performance benchmarks.", subcommands: [BenchReplay.self])
}
