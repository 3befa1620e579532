import TensorCore

/// One BERT encoder layer: self-attention, output projection + residual + LayerNorm, then the MLP
/// (`GELU(x · W1ᵀ + b1) · W2ᵀ + b2`) + residual + LayerNorm, with the PEFT modules of
/// `LayerPEFT` plugged in (LoRA on any projection, prefix keys/values, an ADA-DEFT gate on the
/// MLP output, a Pfeiffer adapter after it).
// N packed rows, D hidden, F intermediate
public final class EncoderLayer {
  public let attention: SelfAttention
  public let attentionOutput: Linear
  public let attentionNorm: LayerNorm
  public let intermediate: Linear
  public let output: Linear
  public let outputNorm: LayerNorm

  public var hiddenSize: Int { attention.hiddenSize }
  public var intermediateSize: Int { intermediate.outFeatures }

  public init(
    attention: SelfAttention, attentionOutput: Linear, attentionNorm: LayerNorm,
    intermediate: Linear, output: Linear, outputNorm: LayerNorm
  ) {
    self.attention = attention
    self.attentionOutput = attentionOutput
    self.attentionNorm = attentionNorm
    self.intermediate = intermediate
    self.output = output
    self.outputNorm = outputNorm
  }

  /// The linear layer a LoRA target adapts.
  public func linear(_ target: LoRATarget) -> Linear {
    switch target {
    case .query: return attention.query
    case .key: return attention.key
    case .value: return attention.value
    case .attentionOutput: return attentionOutput
    case .mlpUp: return intermediate
    case .mlpDown: return output
    }
  }

  /// Every frozen linear layer of the layer.
  public var linears: [Linear] {
    [attention.query, attention.key, attention.value, attentionOutput, intermediate, output]
  }
}

/// How one pass through a layer runs.
public struct LayerPassOptions: Sendable {
  public var layerIndex: Int
  /// Training dropout (nil at inference).
  public var dropout: StepDropout?
  /// Global index of this pass's first row (dropout masks are keyed by it).
  public var firstRow: Int
  public var keepCache: Bool
  /// ADA-DEFT: the MLP block is not computed (inference only).
  public var skipMLP: Bool

  public init(
    layerIndex: Int, dropout: StepDropout?, firstRow: Int, keepCache: Bool, skipMLP: Bool
  ) {
    self.layerIndex = layerIndex
    self.dropout = dropout
    self.firstRow = firstRow
    self.keepCache = keepCache
    self.skipMLP = skipMLP
  }
}

/// What a layer's forward pass keeps for its backward pass.
public struct EncoderLayerCache {
  var input: Tensor
  var qkv: Tensor
  var attention: AttentionCache
  var context: Tensor
  var attentionOutputMask: [Float]?
  var attentionResidual: Tensor
  var attentionStatistics: LayerNormStatistics
  var attentionNormed: Tensor
  var preActivation: Tensor
  var activation: Tensor
  var mlpOutputMask: [Float]?
  /// MLP output after dropout, before the gate (only with a gate).
  var ungatedMLPOutput: Tensor?
  var adapter: AdapterCache?
  var outputResidual: Tensor
  var outputStatistics: LayerNormStatistics
  var lora: [LoRATarget: LoRACache]
  var skippedMLP: Bool
}
