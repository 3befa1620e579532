import ArgumentParser

/// The `deft-sim` root command. Each subcommand lives in its own file.
public struct DeftSim: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "deft-sim",
    abstract:
      "Fine-tune for sparse MLP activations and estimate the speedup on sparse accelerators.",
    discussion: """
      Typical flow: train PEFT and DEFT runs (writing activation traces), replay the traces \
      on hardware configs from hwconfigs/, and report the two side by side. \
      `make demo` runs the whole story; see README.md.
      """,
    version: ToolVersion.current,
    subcommands: [
      Demo.self,
      Encode.self,
      Train.self,
      Eval.self,
      Trace.self,
      Hw.self,
      Replay.self,
      Compare.self,
      Report.self,
      Check.self,
      Bench.self,
      Sweep.self,
    ]
  )

  public init() {}
}
