/// The JSON header of a trace file: everything needed to derive the workload and to say where the
/// trace came from. Every output that is computed from a trace echoes this header.
///
/// Version 1 describes a BERT-style encoder with a plain MLP in `model`. Version 2 describes any
/// transformer in `architecture` (encoder, decoder or encoder–decoder; plain or gated MLPs) and
/// its records carry a phase and per-token context lengths; `model` is then derived from the
/// architecture (see `ModelArchitecture.compatibilityDimensions`) and not written to the file.
public struct TraceHeader: Codable, Sendable, Equatable {
  /// The format version of headers built with the version-1 initialiser (`model:`).
  public static let currentFormatVersion = 1
  /// The newest format version this build reads and writes.
  public static let newestFormatVersion = 2
  /// The format versions this build reads and writes.
  public static let supportedFormatVersions: ClosedRange<Int> = 1...2

  public var formatVersion: Int
  public var model: ModelDimensions
  /// The model's architecture (version 2; nil in version 1).
  public var architecture: ModelArchitecture?
  public var peft: PEFTDescription
  public var deft: DEFTDescription
  public var task: TaskDescription
  public var zeroDefinition: ZeroDefinition
  /// Whether records carry the quantised values of the non-zero activations after the masks.
  public var storesValues: Bool
  public var seed: UInt64
  public var toolVersion: String
  /// Free-form provenance: command line, host, dates, source checkpoint.
  public var provenance: [String: String]

  /// A version-1 header (a BERT-style encoder described by `model`).
  public init(
    formatVersion: Int = TraceHeader.currentFormatVersion,
    model: ModelDimensions,
    peft: PEFTDescription = PEFTDescription(),
    deft: DEFTDescription = DEFTDescription(),
    task: TaskDescription = TaskDescription(),
    zeroDefinition: ZeroDefinition = .exact,
    storesValues: Bool = false,
    seed: UInt64 = 0,
    toolVersion: String = "",
    provenance: [String: String] = [:]
  ) {
    self.formatVersion = formatVersion
    self.model = model
    self.architecture = nil
    self.peft = peft
    self.deft = deft
    self.task = task
    self.zeroDefinition = zeroDefinition
    self.storesValues = storesValues
    self.seed = seed
    self.toolVersion = toolVersion
    self.provenance = provenance
  }

  /// A version-2 header for any transformer. `zeroDefinition` scales and `deft.skippedLayers`
  /// use global layer indices: the encoder's layers first, then the decoder's.
  public init(
    architecture: ModelArchitecture,
    peft: PEFTDescription = PEFTDescription(),
    deft: DEFTDescription = DEFTDescription(),
    task: TaskDescription = TaskDescription(),
    zeroDefinition: ZeroDefinition = .exact,
    storesValues: Bool = false,
    seed: UInt64 = 0,
    toolVersion: String = "",
    provenance: [String: String] = [:]
  ) {
    self.init(
      formatVersion: 2, model: architecture.compatibilityDimensions, peft: peft, deft: deft,
      task: task, zeroDefinition: zeroDefinition, storesValues: storesValues, seed: seed,
      toolVersion: toolVersion, provenance: provenance)
    self.architecture = architecture
  }

  /// The layers of all stacks: the index space of `zeroDefinition` scales and skipped layers.
  public var globalLayerCount: Int { architecture?.totalLayers ?? model.layers }
}

extension ModelArchitecture {
  /// The `model` a version-2 header exposes to code written for version 1: the name, the layer
  /// count of all stacks (the global layer index space) and the hidden, intermediate and head
  /// counts of the first stack. Code that handles version 2 reads the architecture instead.
  public var compatibilityDimensions: ModelDimensions {
    let first = stacks.first
    return ModelDimensions(
      name: name, layers: totalLayers, hidden: first?.hidden ?? 0,
      intermediate: first?.intermediate ?? 0, heads: first?.heads ?? 0)
  }
}

/// Transformer encoder dimensions.
public struct ModelDimensions: Codable, Sendable, Equatable {
  public var name: String
  public var layers: Int
  public var hidden: Int
  public var intermediate: Int
  public var heads: Int

  public init(name: String = "", layers: Int, hidden: Int, intermediate: Int, heads: Int) {
    self.name = name
    self.layers = layers
    self.hidden = hidden
    self.intermediate = intermediate
    self.heads = heads
  }
}

/// The parameter-efficient method the traced model was fine-tuned with, and its sizes.
public struct PEFTDescription: Codable, Sendable, Equatable {
  /// `none`, `lora`, `qlora`, `adapter`, `prompt` or `prefix`.
  public var method: String
  public var loraRank: Int?
  public var loraAlpha: Double?
  /// LoRA target modules: `query`, `key`, `value`, `attention-output`, `mlp-up`, `mlp-down`.
  public var loraTargets: [String]?
  /// Pfeiffer adapter bottleneck width (hidden / reduction factor).
  public var adapterWidth: Int?
  /// Virtual prompt tokens prepended to every sequence (prompt tuning). Each record's
  /// `tokenCount` includes them.
  public var promptTokens: Int
  /// Key/value prefix length per layer (prefix tuning): extra attention keys, no MLP work.
  public var prefixLength: Int
  public var trainableParameters: Int?

  public init(
    method: String = "none", loraRank: Int? = nil, loraAlpha: Double? = nil,
    loraTargets: [String]? = nil, adapterWidth: Int? = nil, promptTokens: Int = 0,
    prefixLength: Int = 0, trainableParameters: Int? = nil
  ) {
    self.method = method
    self.loraRank = loraRank
    self.loraAlpha = loraAlpha
    self.loraTargets = loraTargets
    self.adapterWidth = adapterWidth
    self.promptTokens = promptTokens
    self.prefixLength = prefixLength
    self.trainableParameters = trainableParameters
  }
}

/// DEFT / ADA-DEFT settings of the traced run.
public struct DEFTDescription: Codable, Sendable, Equatable {
  public var enabled: Bool
  public var densityWeight: Double
  public var densityEps: Double
  public var includePadding: Bool
  public var ada: Bool
  /// Layers whose MLP block ADA-DEFT skips at inference (their masks are all zero and cost nothing).
  public var skippedLayers: [Int]

  public init(
    enabled: Bool = false, densityWeight: Double = 1.0, densityEps: Double = 1e-7,
    includePadding: Bool = false, ada: Bool = false, skippedLayers: [Int] = []
  ) {
    self.enabled = enabled
    self.densityWeight = densityWeight
    self.densityEps = densityEps
    self.includePadding = includePadding
    self.ada = ada
    self.skippedLayers = skippedLayers
  }

  /// A DEFT run: a density loss (`enabled`), ADA-DEFT gates (`ada`) or both. ADA-DEFT gates
  /// without a density loss are still DEFT (the paper's ADA-DEFT): reports pair such a trace
  /// with a PEFT trace, not with the DEFT ones.
  public var isDEFTRun: Bool { enabled || ada }

  /// `on (weight 1.0)`, `on (weight 1.0), ADA skips 3,4,5`, `ADA skips 3,4,5` or `off`.
  public var summary: String {
    let gates =
      ada
      ? "ADA skips "
        + (skippedLayers.isEmpty ? "none" : skippedLayers.map(String.init).joined(separator: ","))
      : nil
    let loss = enabled ? "on (weight \(densityWeight))" : nil
    let parts = [loss, gates].compactMap { $0 }
    return parts.isEmpty ? "off" : parts.joined(separator: ", ")
  }
}

/// The task and evaluation split the trace was recorded on, with its metric values.
public struct TaskDescription: Codable, Sendable, Equatable {
  public var name: String
  public var split: String
  public var metrics: [String: Double]

  public init(name: String = "synthetic", split: String = "", metrics: [String: Double] = [:]) {
    self.name = name
    self.split = split
    self.metrics = metrics
  }
}
