import ArgumentParser
import Simulator

/// `--batch-sequences N`, shared by the commands that replay traces.
public struct BatchOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Sequences per batch (>= 1): consecutive records share one weight fetch per layer.",
      discussion: "The token-parallel GEMMs run once per batch with M = the batch's tokens; "
        + "attention stays per sequence. 1 replays one sequence at a time. See "
        + "docs/simulator-model.md, Batching."))
  public var batchSequences = 1

  public init() {}

  public func validate() throws {
    guard batchSequences >= 1 else {
      throw ValidationError("--batch-sequences must be >= 1, got \(batchSequences)")
    }
  }

  /// `, batch 8 sequences` for titles and headings; empty at batch 1.
  var titleNote: String { batchSequences == 1 ? "" : ", batch \(batchSequences) sequences" }

  /// `["--batch-sequences", "8"]` for reproduce commands; empty at batch 1.
  var arguments: [String] { batchSequences == 1 ? [] : ["--batch-sequences", "\(batchSequences)"] }
}

/// Runs replay orchestration (`Simulator.TraceReplay`), its errors as one `Error:` line.
func replaying<T>(_ body: () throws(ReplayError) -> T) throws -> T {
  do throws(ReplayError) { return try body() } catch { throw CommandFailure(error) }
}
