import ArgumentParser
import TraceFormat

/// `trace synth` options that choose a version-2 architecture: a preset (`bert`, `llama`, `t5`)
/// whose dimensions the shared `--layers`, `--hidden`, … flags override, or an architecture JSON
/// file (examples/arch/).
public struct SynthArchitectureOptions: ParsableArguments {
  @Option(
    name: .customLong("arch"),
    help: ArgumentHelp(
      "Write a version-2 trace for this architecture: bert (encoder, plain GELU), llama "
        + "(decoder, GQA, gated SiLU), t5 (encoder-decoder, gated GELU) or an architecture JSON "
        + "file. Without it: a version-1 encoder trace.", valueName: "preset|file"))
  public var preset: String?
  @Option(help: "Key/value heads (grouped-query attention); default: the preset's.")
  public var kvHeads: Int?
  @Option(help: "Size of one attention head; default hidden / heads (t5: 64).")
  public var headDim: Int?
  @Option(help: "Decoder layers of t5 (default: --layers).") public var decoderLayers: Int?
  @Option(help: "Vocabulary size (LM head).") public var vocabSize: Int?
  @Option(help: "MLP kind: plain or gated (default: the preset's).") public var mlp: String?
  @Option(help: "MLP activation name (gelu, silu, relu, gelu-tanh, …).") public var activation:
    String?
  @Option(help: "What the masks of a gated MLP describe: gate or product.") public var masks:
    String?

  public init() {}

  /// The presets' defaults: (role stacks, layers, hidden, heads, kv heads, head dim,
  /// intermediate, vocab, tied, mlp kind, activation).
  static let presets: [String: Preset] = [
    "bert": Preset(
      roles: [.encoder], layers: 6, hidden: 384, heads: 12, kvHeads: 12, headDim: nil,
      intermediate: 1536, vocab: 30522, tied: true, gated: false, activation: "gelu"),
    "llama": Preset(
      roles: [.decoder], layers: 30, hidden: 576, heads: 9, kvHeads: 3, headDim: nil,
      intermediate: 1536, vocab: 49152, tied: true, gated: true, activation: "silu"),
    "t5": Preset(
      roles: [.encoder, .decoder], layers: 8, hidden: 512, heads: 6, kvHeads: 6, headDim: 64,
      intermediate: 1024, vocab: 32128, tied: false, gated: true, activation: "gelu-tanh"),
  ]

  struct Preset {
    var roles: [StackRole]
    var layers, hidden, heads, kvHeads: Int
    var headDim: Int?
    var intermediate, vocab: Int
    var tied, gated: Bool
    var activation: String
  }

  /// The architecture, or nil for a version-1 trace; `problems` collects usage errors.
  func architecture(
    name: String, layers: Int?, hidden: Int?, heads: Int?, intermediate: Int?,
    problems: inout [String]
  ) -> ModelArchitecture? {
    guard let preset else {
      let v2Only: [(String, Bool)] = [
        ("--kv-heads", kvHeads != nil), ("--head-dim", headDim != nil),
        ("--decoder-layers", decoderLayers != nil), ("--vocab-size", vocabSize != nil),
        ("--mlp", mlp != nil), ("--activation", activation != nil), ("--masks", masks != nil),
      ]
      for (flag, given) in v2Only where given { problems.append("\(flag) needs --arch") }
      return nil
    }
    guard let base = Self.presets[preset] else {
      do {
        let file = try ModelArchitecture.load(path: preset)
        let given = [
          layers, hidden, heads, intermediate, kvHeads, headDim, decoderLayers, vocabSize,
        ]
        if given.contains(where: { $0 != nil }) || mlp != nil || activation != nil || masks != nil {
          problems.append("dimension flags cannot be combined with an architecture file")
        }
        return file
      } catch {
        problems.append("--arch is not a preset (bert, llama, t5), so a file: \(error)")
        return nil
      }
    }
    let heads = heads ?? base.heads
    let hidden = hidden ?? base.hidden
    let gated = mlp.map { $0 == "gated" } ?? base.gated
    if let mlp, mlp != "plain" && mlp != "gated" {
      problems.append("--mlp must be plain or gated (got \(mlp))")
    }
    let maskTensor = GatedMaskTensor(rawValue: masks ?? "gate")
    if maskTensor == nil { problems.append("--masks must be gate or product (got \(masks ?? ""))") }
    if masks != nil && !gated { problems.append("--masks needs a gated MLP") }
    let kind: MLPKind =
      gated
      ? .gated(activation: activation ?? base.activation, masks: maskTensor ?? .gate)
      : .plain(activation: activation ?? base.activation)
    let stacks = base.roles.map { role in
      StackArchitecture(
        role: role,
        layers: role == .decoder ? decoderLayers ?? layers ?? base.layers : layers ?? base.layers,
        hidden: hidden, heads: heads,
        kvHeads: kvHeads ?? (heads == base.heads ? base.kvHeads : heads),
        headDim: headDim ?? base.headDim ?? (heads > 0 ? hidden / heads : 0),
        intermediate: intermediate ?? base.intermediate, mlp: kind)
    }
    let architecture = ModelArchitecture(
      name: name == "synthetic" ? "synthetic-\(preset)" : name, stacks: stacks,
      vocabSize: vocabSize ?? base.vocab, tiedEmbeddings: base.tied)
    problems += architecture.validationProblems(keyPrefix: "").map { problem in
      "\(problem.key): \(problem.reason)"
    }
    return architecture
  }
}
