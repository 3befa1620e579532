import ArgumentParser
import Foundation
import Reports
import TraceFormat

extension Trace {
  /// `deft-sim trace synth …`: writes a deterministic synthetic trace.
  public struct SynthCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "synth",
      abstract:
        "Write a synthetic activation trace (for tests, benchmarks, users without a model).",
      discussion: """
        Each (token, block of --block-size units) is all zero with probability \
        --block-correlation; otherwise each unit is non-zero with probability \
        density / (1 - block correlation), so the element density is --density either way. \
        The same arguments always give the same bytes.
        """
    )

    @Option(help: "Encoder layers.") public var layers = 6
    @Option(help: "Hidden size D.") public var hidden = 384
    @Option(help: "MLP intermediate size F (units per mask).") public var intermediate = 1536
    @Option(help: "Attention heads.") public var heads = 12
    @Option(help: "Model name recorded in the header.") public var name = "synthetic"
    @Option(help: "Number of sequences (records).") public var sequences: Int
    @Option(
      help: ArgumentHelp(
        "Tokens per sequence: N or MIN-MAX (uniform per sequence).", valueName: "min[-max]"))
    public var tokens: TokenRange
    @Option(help: "Fraction of non-zero activations, 0...1.") public var density: Double
    @Option(help: "Probability that a block of --block-size units of a token is all zero.")
    public var blockCorrelation = 0.0
    @Option(help: "Units per correlated block (g).") public var blockSize = 1
    @Flag(help: "Also store random non-zero int8 values for the non-zeros.") public var values =
      false
    @Option(help: "Random seed.") public var seed: UInt64 = 0
    @Option(help: "zstd compression level.")
    public var compressionLevel = TraceWriter.defaultCompressionLevel
    @Flag(help: "Mark the header as a DEFT run (deft.enabled), e.g. to pair it in reports.")
    public var deft = false
    @Option(
      name: .customLong("metric"),
      help: ArgumentHelp(
        "Task metric in percent recorded in the header (repeatable), e.g. accuracy=91.2.",
        valueName: "name=value"))
    public var metrics: [MetricValue] = []
    @Option(help: "Output trace file.") public var out: String

    public init() {}

    /// The generator spec these arguments describe.
    public var spec: SyntheticTraceSpec {
      SyntheticTraceSpec(
        model: ModelDimensions(
          name: name, layers: layers, hidden: hidden, intermediate: intermediate, heads: heads),
        sequences: sequences, tokenCounts: tokens.range, density: density,
        blockCorrelation: blockCorrelation, blockSize: blockSize, storesValues: values, seed: seed)
    }

    public func validate() throws {
      var problems = spec.problems
      if !TraceWriter.compressionLevels.contains(compressionLevel) {
        problems.append(
          "compression level must be in \(TraceWriter.compressionLevels) (got \(compressionLevel))")
      }
      if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    public func run() throws {
      let trace = SyntheticTrace(spec)
      let start = Date()
      var header = trace.header(
        toolVersion: ToolVersion.current,
        provenance: ["command": ShellWords.join(["deft-sim"] + CommandLine.arguments.dropFirst())])
      header.deft.enabled = deft
      for metric in metrics { header.task.metrics[metric.name] = metric.valuePercent }
      let writer = try TraceWriter(path: out, header: header, compressionLevel: compressionLevel)
      for index in 0..<spec.sequences { try writer.append(trace.record(at: index)) }
      try writer.finish()
      let bytes = writer.byteCount
      let seconds = Date().timeIntervalSince(start)
      print(
        "wrote \(out): \(sequences) sequences, \(layers) layers x \(intermediate) units, "
          + "\(bytes) bytes in \(fixed(seconds, 2)) s")
    }
  }
}

/// A task metric given as `NAME=VALUE` (value in percent).
public struct MetricValue: ExpressibleByArgument, Sendable, Equatable {
  public var name: String
  public var valuePercent: Double

  public init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1)
    guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite
    else { return nil }
    name = String(parts[0])
    valuePercent = value
  }
}

/// A token count or range given as `N` or `MIN-MAX`.
public struct TokenRange: ExpressibleByArgument, Sendable, Equatable {
  public var range: ClosedRange<Int>

  public init(_ range: ClosedRange<Int>) { self.range = range }

  public init?(argument: String) {
    let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let low = Int(parts[0]),
      let high = Int(parts[parts.count - 1]),
      low >= 0, low <= high
    else { return nil }
    range = low...high
  }

  public var defaultValueDescription: String {
    range.lowerBound == range.upperBound
      ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
  }
}
