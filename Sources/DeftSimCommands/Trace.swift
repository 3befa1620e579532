import ArgumentParser

/// `deft-sim trace …`: inspect and synthesise activation trace files (docs/trace-format.md).
public struct Trace: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Inspect, synthesise, export to and import from NumPy activation trace files.",
    subcommands: [InspectCommand.self, SynthCommand.self, ExportCommand.self, ImportCommand.self]
  )

  public init() {}
}
