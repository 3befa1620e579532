import ArgumentParser
import Foundation
import Reports
import TraceFormat

extension Trace {
  /// `deft-sim trace export TRACE --npz OUT.npz`: a trace as NumPy arrays.
  public struct ExportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write a trace (version 1 or 2) as an .npz of NumPy arrays.",
      discussion: """
        Arrays: header_json (the trace header), record_sequence, record_phase, record_tokens, \
        record_cross_length and context_lengths (version 2), and per stack \
        <stack>_packed_masks [tokens, layers, ceil(units/8)] (np.unpackbits(a, axis=-1, \
        bitorder='little')[..., :units] gives the 0/1 masks) and <stack>_values when the trace \
        stores values. See docs/trace-format.md, "NumPy interchange".
        """)

    @Argument(help: "The trace file.") public var trace: String
    @Option(help: "Output .npz file.") public var npz: String
    @Flag(help: "Deflate the members (like np.savez_compressed).") public var compressed = false

    public init() {}

    public func run() throws {
      do {
        let summary = try TraceNpz.export(tracePath: trace, to: npz, compressed: compressed)
        print(
          "wrote \(npz): \(summary.records) records, \(summary.tokens) tokens, "
            + "\(summary.bytes) bytes")
      } catch {
        throw CommandFailure("\(error)")
      }
    }
  }

  /// `deft-sim trace import --npz IN.npz [--arch ARCH.json] --out TRACE`.
  public struct ImportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Write a trace from an .npz of masks or activations (e.g. recorded with PyTorch).",
      discussion: """
        The npz holds record_sequence, record_phase (0 encoder, 1 prefill, 2 decode), \
        record_tokens, optionally record_cross_length, context_lengths and header_json, and per \
        stack one of <stack>_packed_masks, <stack>_masks (0/1) or <stack>_activations (floats, \
        turned into masks by the zero definition). --arch gives the architecture (examples/arch/) \
        and makes the trace version 2; without --arch and --zero the npz's header_json is copied \
        unchanged, so `trace export` then `trace import` gives back the same trace, byte for byte. \
        tools/record_hf_masks.py writes such files from Hugging Face models. See \
        docs/trace-format.md, "NumPy interchange".
        """)

    @Option(help: "Input .npz file.") public var npz: String
    @Option(help: "Architecture JSON (examples/arch/*.json).") public var arch: String?
    @Option(
      help: ArgumentHelp(
        "Zero definition: exact, threshold=T, or int<bits>=s1,s2,… (one scale per layer, "
          + "encoder layers first).", valueName: "definition"))
    public var zero: ZeroDefinitionArgument?
    @Option(help: "Output trace file.") public var out: String

    public init() {}

    public func run() throws {
      do {
        let architecture = try arch.map { path throws(ArchitectureFileError) in
          try ModelArchitecture.load(path: path)
        }
        let summary = try TraceNpz.importTrace(
          npzPath: npz, to: out, architecture: architecture, zeroDefinition: zero?.definition,
          provenance: arch == nil && zero == nil
            ? [:]
            : [
              "command": ShellWords.join(["deft-sim"] + CommandLine.arguments.dropFirst()),
              "importedFrom": npz,
            ])
        print(
          "wrote \(out): \(summary.records) records, \(summary.tokens) tokens, "
            + "\(summary.bytes) bytes")
      } catch {
        throw CommandFailure("\(error)")
      }
    }
  }
}

/// `exact`, `threshold=0.01` or `int8=0.05,0.04,…`.
public struct ZeroDefinitionArgument: ExpressibleByArgument, Sendable {
  public var definition: ZeroDefinition

  public init?(argument: String) {
    if argument == "exact" {
      definition = .exact
      return
    }
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return nil }
    if parts[0] == "threshold", let tau = Float(parts[1]), tau.isFinite, tau >= 0 {
      definition = .threshold(tau)
      return
    }
    guard parts[0].hasPrefix("int"), let bits = Int(parts[0].dropFirst(3)),
      TraceLimits.quantizationBits.contains(bits)
    else { return nil }
    let scales = parts[1].split(separator: ",").compactMap { Float($0) }
    guard !scales.isEmpty, scales.count == parts[1].split(separator: ",").count,
      scales.allSatisfy({ $0.isFinite && $0 >= 0 })
    else { return nil }
    definition = .quantized(bits: bits, scales: scales)
  }
}
