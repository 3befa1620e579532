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

    @Option(help: "Layers (per stack; default 6, or the --arch preset's).") public var layers: Int?
    @Option(help: "Hidden size D (default 384).") public var hidden: Int?
    @Option(help: "MLP intermediate size F: units per mask (default 1536).")
    public var intermediate: Int?
    @Option(help: "Attention heads (default 12).") public var heads: Int?
    @Option(help: "Model name recorded in the header.") public var name = "synthetic"
    @OptionGroup public var architectureOptions: SynthArchitectureOptions
    @Option(help: "Number of sequences.") public var sequences: Int
    @Option(
      help: ArgumentHelp(
        "Tokens per sequence (version 1; with --arch the same as --prompt-tokens): N or "
          + "MIN-MAX (uniform per sequence).", valueName: "min[-max]"))
    public var tokens: TokenRange?
    @Option(
      help: ArgumentHelp(
        "With --arch: encoder input or decoder prompt tokens per sequence.",
        valueName: "min[-max]"))
    public var promptTokens: TokenRange?
    @Option(
      help: ArgumentHelp(
        "With a decoder: generated tokens per sequence (decode steps).", valueName: "min[-max]"))
    public var decodeTokens: TokenRange?
    @Option(
      help: "Probability that a unit keeps its state from one decode step to the next (0..<1).")
    public var decodeCorrelation = 0.0
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

    /// The version-1 generator spec these arguments describe.
    public var spec: SyntheticTraceSpec {
      SyntheticTraceSpec(
        model: ModelDimensions(
          name: name, layers: layers ?? 6, hidden: hidden ?? 384,
          intermediate: intermediate ?? 1536, heads: heads ?? 12),
        sequences: sequences, tokenCounts: (tokens ?? TokenRange(0...0)).range, density: density,
        blockCorrelation: blockCorrelation, blockSize: blockSize, storesValues: values, seed: seed)
    }

    /// `modelSpec(problems:)` for tests.
    public func modelSpecForTests(problems: inout [String]) -> SyntheticModelTraceSpec? {
      modelSpec(problems: &problems)
    }

    /// The version-2 spec (with --arch), or nil; `problems` collects usage errors.
    func modelSpec(problems: inout [String]) -> SyntheticModelTraceSpec? {
      guard
        let architecture = architectureOptions.architecture(
          name: name, layers: layers, hidden: hidden, heads: heads, intermediate: intermediate,
          problems: &problems)
      else { return nil }
      if tokens != nil && promptTokens != nil {
        problems.append("give --tokens or --prompt-tokens, not both")
      }
      guard let prompt = promptTokens ?? tokens else {
        problems.append("--prompt-tokens is required with --arch")
        return nil
      }
      let spec = SyntheticModelTraceSpec(
        architecture: architecture, sequences: sequences, promptTokens: prompt.range,
        decodeTokens: (decodeTokens ?? TokenRange(0...0)).range, density: density,
        blockCorrelation: blockCorrelation, blockSize: blockSize,
        decodeCorrelation: decodeCorrelation, storesValues: values, seed: seed)
      if problems.isEmpty { problems += spec.problems }
      return spec
    }

    public func validate() throws {
      var problems: [String] = []
      if architectureOptions.preset == nil {
        problems += spec.problems
        if tokens == nil {
          problems.append("--tokens is required (or --arch with --prompt-tokens)")
        }
        for (flag, given) in [
          ("--prompt-tokens", promptTokens != nil), ("--decode-tokens", decodeTokens != nil),
          ("--decode-correlation", decodeCorrelation != 0),
        ] where given {
          problems.append("\(flag) needs --arch")
        }
      }
      _ = modelSpec(problems: &problems)
      if !TraceWriter.compressionLevels.contains(compressionLevel) {
        problems.append(
          "compression level must be in \(TraceWriter.compressionLevels) (got \(compressionLevel))")
      }
      if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    public func run() throws {
      let start = Date()
      let provenance = [
        "command": ShellWords.join(["deft-sim"] + CommandLine.arguments.dropFirst())
      ]
      var problems: [String] = []
      let modelSpec = modelSpec(problems: &problems)
      var header =
        modelSpec.map {
          SyntheticModelTrace($0).header(toolVersion: ToolVersion.current, provenance: provenance)
        } ?? SyntheticTrace(spec).header(toolVersion: ToolVersion.current, provenance: provenance)
      header.deft.enabled = deft
      for metric in metrics { header.task.metrics[metric.name] = metric.valuePercent }
      let writer = try TraceWriter(path: out, header: header, compressionLevel: compressionLevel)
      if let modelSpec {
        let trace = SyntheticModelTrace(modelSpec)
        for index in 0..<sequences {
          for record in trace.records(ofSequence: index) { try writer.append(record) }
        }
      } else {
        let trace = SyntheticTrace(spec)
        for index in 0..<sequences { try writer.append(trace.record(at: index)) }
      }
      try writer.finish()
      let seconds = Date().timeIntervalSince(start)
      let shape =
        header.architecture.map { architecture in
          architecture.stacks.map { "\($0.role.rawValue) \($0.layers) x \($0.intermediate)" }
            .joined(separator: ", ") + " (\(writer.recordCount) records)"
        } ?? "\(spec.model.layers) layers x \(spec.model.intermediate) units"
      print(
        "wrote \(out): \(sequences) sequences, \(shape), \(writer.byteCount) bytes in "
          + "\(fixed(seconds, 2)) s")
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
