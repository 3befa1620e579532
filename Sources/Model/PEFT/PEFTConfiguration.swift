/// The parameter-efficient fine-tuning methods deft-sim trains.
public enum PEFTMethod: String, Sendable, Codable, CaseIterable {
  case lora
  case qlora
  case adapter
  case prompt
  case prefix
}

/// Linear layers of an encoder layer that LoRA can adapt.
public enum LoRATarget: String, Sendable, Codable, CaseIterable, Comparable {
  case query
  case key
  case value
  case attentionOutput = "attention-output"
  case mlpUp = "mlp-up"
  case mlpDown = "mlp-down"

  public static func < (lhs: LoRATarget, rhs: LoRATarget) -> Bool {
    lhs.order < rhs.order
  }

  private var order: Int {
    Self.allCases.firstIndex(of: self) ?? 0
  }

  /// The Hugging Face module path inside `encoder.layer.N.`.
  public var modulePath: String {
    switch self {
    case .query: return "attention.self.query"
    case .key: return "attention.self.key"
    case .value: return "attention.self.value"
    case .attentionOutput: return "attention.output.dense"
    case .mlpUp: return "intermediate.dense"
    case .mlpDown: return "output.dense"
    }
  }

  /// `all` or a comma-separated list such as `query,value`.
  public static func parseList(_ text: String) -> [LoRATarget]? {
    if text == "all" { return allCases }
    var out: [LoRATarget] = []
    for part in text.split(separator: ",") {
      guard let t = LoRATarget(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
        return nil
      }
      if !out.contains(t) { out.append(t) }
    }
    return out.isEmpty ? nil : out.sorted()
  }
}

/// How LoRA's `A[r, in]` is drawn (`B` always starts at zero).
public enum LoRAInitialization: String, Sendable, Codable, CaseIterable {
  /// Uniform in ±1/√in (Kaiming-uniform with a = √5, PEFT's default).
  case kaimingUniform = "kaiming-uniform"
  /// Normal with standard deviation 1/√in (`randn(r, in) / sqrt(in)`, the PyTorch reference).
  case gaussian
}

/// ADA-DEFT settings: learnable per-layer MLP gates.
public struct ADAConfiguration: Sendable, Codable, Equatable {
  /// Gates start at `sigmoid(initialLogit)` (3 → 0.953).
  public var initialLogit: Float
  /// Weight of the L1 penalty `mean_l g_l` added to the loss.
  public var penaltyWeight: Float
  /// At inference, MLP blocks with `g < skipThreshold` are skipped.
  public var skipThreshold: Float
  /// Peak learning rate of the gate logits (their own: at the adapters' 3e-4 a logit would move
  /// by about 1 in 3,000 steps, too slowly to close a gate in a fine-tuning run).
  public var gateLearningRate: Float

  public init(
    initialLogit: Float = 3, penaltyWeight: Float = 0.05, skipThreshold: Float = 0.1,
    gateLearningRate: Float = 1e-2
  ) {
    self.initialLogit = initialLogit
    self.penaltyWeight = penaltyWeight
    self.skipThreshold = skipThreshold
    self.gateLearningRate = gateLearningRate
  }

  /// Every problem with these settings (empty when valid).
  public var problems: [String] {
    var out: [String] = []
    if !initialLogit.isFinite {
      out.append("ADA gate initial logit must be finite, got \(initialLogit)")
    }
    if !(penaltyWeight >= 0 && penaltyWeight.isFinite) {
      out.append("ADA penalty must be finite and >= 0, got \(penaltyWeight)")
    }
    if !(0...1).contains(skipThreshold) {
      out.append("ADA threshold must be in 0...1 (a gate value), got \(skipThreshold)")
    }
    if !(gateLearningRate > 0 && gateLearningRate.isFinite) {
      out.append("ADA learning rate must be finite and > 0, got \(gateLearningRate)")
    }
    return out
  }
}

/// A PEFT method and its sizes. Defaults are the DEFT paper's settings (docs/method.md).
public struct PEFTConfiguration: Sendable, Codable, Equatable {
  public var method: PEFTMethod
  public var loraRank: Int
  public var loraAlpha: Float
  public var loraDropout: Float
  public var loraTargets: [LoRATarget]
  public var adapterReductionFactor: Int
  public var promptTokens: Int
  public var prefixLength: Int
  /// QLoRA's NF4 block size.
  public var nf4BlockSize: Int
  public var ada: ADAConfiguration?
  /// How LoRA's `A` starts; nil: Kaiming-uniform (PEFT's default).
  public var loraInitialization: LoRAInitialization?

  public init(
    method: PEFTMethod, loraRank: Int = 8, loraAlpha: Float = 16, loraDropout: Float = 0.1,
    loraTargets: [LoRATarget] = [.query, .value], adapterReductionFactor: Int = 16,
    promptTokens: Int = 60, prefixLength: Int = 60, nf4BlockSize: Int = 64,
    ada: ADAConfiguration? = nil, loraInitialization: LoRAInitialization? = nil
  ) {
    self.method = method
    self.loraRank = loraRank
    self.loraAlpha = loraAlpha
    self.loraDropout = loraDropout
    self.loraTargets = loraTargets
    self.adapterReductionFactor = adapterReductionFactor
    self.promptTokens = promptTokens
    self.prefixLength = prefixLength
    self.nf4BlockSize = nf4BlockSize
    self.ada = ada
    self.loraInitialization = loraInitialization
  }

  public var usesLoRA: Bool { method == .lora || method == .qlora }

  /// Problems with these settings for a model of `hidden` units (empty when valid).
  public func problems(hidden: Int, maxPositions: Int, maxLength: Int) -> [String] {
    var out: [String] = []
    if usesLoRA {
      if !(1...hidden).contains(loraRank) {
        out.append("LoRA rank must be in 1...\(hidden) (the hidden size), got \(loraRank)")
      }
      if !(loraAlpha > 0 && loraAlpha.isFinite) {
        out.append("LoRA alpha must be finite and > 0, got \(loraAlpha)")
      }
      if !(0..<1).contains(loraDropout) {
        out.append("LoRA dropout must be in [0, 1), got \(loraDropout)")
      }
      if loraTargets.isEmpty { out.append("LoRA needs at least one target module") }
    }
    if method == .adapter && (adapterReductionFactor < 1 || adapterReductionFactor > hidden) {
      out.append("adapter reduction factor must be in 1...\(hidden), got \(adapterReductionFactor)")
    }
    if method == .prompt && (promptTokens < 1 || promptTokens > maxPositions - maxLength) {
      out.append(
        "prompt tokens must be >= 1 and prompt + max length (\(promptTokens) + \(maxLength)) "
          + "<= the model's \(maxPositions) positions")
    }
    if method == .prefix && !(1...maxPositions).contains(prefixLength) {
      out.append(
        "prefix length must be in 1...\(maxPositions) (the model's positions), got \(prefixLength)")
    }
    if method == .qlora && (nf4BlockSize < 2 || nf4BlockSize % 2 != 0) {
      out.append("NF4 block size must be even and >= 2, got \(nf4BlockSize)")
    }
    if let ada { out += ada.problems }
    return out
  }
}
