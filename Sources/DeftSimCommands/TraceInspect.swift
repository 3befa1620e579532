import ArgumentParser
import Foundation
import TraceFormat

extension Trace {
  /// `deft-sim trace inspect FILE [--json]`: the header and the per-layer density summary.
  public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "inspect",
      abstract: "Print a trace's header and per-layer densities (element, block, tile union).",
      discussion: """
        Reads the whole file, verifying every checksum. Block density: fraction of blocks of g \
        consecutive units of a token holding a non-zero. Union density: fraction of units \
        non-zero for at least one token of a tile of t consecutive tokens. A version-2 trace \
        also shows its architecture and one table per phase (encoder, prefill, decode); for \
        decode records a tile is t consecutive decode steps of one sequence. It validates \
        exactly what `replay` validates (one reader).
        """
    )

    @Argument(help: "The trace file.")
    public var file: String

    @Flag(help: "Print JSON (header and summary) instead of text.")
    public var json = false

    @Option(name: .customLong("block-size"), help: "Block size g for block density (repeatable).")
    public var blockSizes: [Int] = [4]

    @Option(name: .customLong("tile-tokens"), help: "Tile size t for union density (repeatable).")
    public var tileTokens: [Int] = [16]

    public init() {}

    public func validate() throws {
      if let bad = blockSizes.first(where: { $0 < 1 }) {
        throw ValidationError("--block-size must be >= 1 (got \(bad))")
      }
      if let bad = tileTokens.first(where: { $0 < 1 }) {
        throw ValidationError("--tile-tokens must be >= 1 (got \(bad))")
      }
    }

    public func run() throws {
      let reader = try TraceReader(path: file)
      let phases = try TracePhaseSummaries.compute(
        reader: reader, blockSizes: blockSizes, tileTokens: tileTokens)
      let inspection = TraceInspection(
        file: file, fileBytes: reader.fileByteCount, header: reader.header, phases: phases,
        blockSizes: blockSizes, tileTokens: tileTokens)
      if json {
        print(try inspection.json(), terminator: "")
      } else {
        print(inspection.text())
      }
    }
  }
}
