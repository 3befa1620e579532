import Model

/// A named set of training details that are not the DEFT paper's hyperparameters but change
/// results: the head, initialisation, dropout sites, weight-decay exclusions and clipping.
///
/// - `deftSim` (the default when nil): BERT's pooler + dropout + normal(0, 0.02) classifier,
///   LoRA `A` Kaiming-uniform, LoRA dropout 0.1, no weight decay on biases and LayerNorm
///   weights, global gradient-norm clipping at `maxGradNorm`.
/// - `reference`: the PyTorch reference script of docs/method.md exactly: `[CLS]` straight into
///   an `nn.Linear` (uniform ±1/√in weight and bias, no dropout before it), LoRA `A` normal with
///   standard deviation 1/√in, no LoRA dropout, weight decay on every trainable tensor, no
///   gradient clipping.
public enum TrainingRecipe: String, Sendable, Codable, CaseIterable {
  case deftSim = "deft-sim"
  case reference

  /// Settings the recipe implies unless given explicitly.
  public var defaultClassifierInput: ClassifierInput {
    self == .reference ? .cls : .pooler
  }
  public var defaultLoRADropout: Float { self == .reference ? 0 : 0.1 }
  public var loraInitialization: LoRAInitialization {
    self == .reference ? .gaussian : .kaimingUniform
  }
  public var headInitialization: HeadInitialization {
    self == .reference ? .pytorchLinear : .bert
  }
  public var dropoutBeforeClassifier: Bool { self != .reference }
  /// Weight decay skips biases and LayerNorm weights (false: decays every trainable tensor).
  public var excludesBiasesFromDecay: Bool { self != .reference }
  /// Clip the global gradient norm at `maxGradNorm`.
  public var clipsGradients: Bool { self != .reference }
}
