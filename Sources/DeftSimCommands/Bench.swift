import ArgumentParser

/// `deft-sim bench …`: throughput benchmarks (measurements, never pass/fail tests).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure throughput of the encoder, decoder, trainer, simulator and sweeps.",
    subcommands: [
      BenchEncode.self,
      BenchTrain.self,
      BenchDecode.self,
      BenchReplay.self,
      BenchSweep.self,
    ]
  )
}
