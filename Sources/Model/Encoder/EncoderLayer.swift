import TensorCore

/// One BERT encoder layer: self-attention, output projection + residual + LayerNorm, then the MLP
/// (`GELU(x · W1ᵀ + b1) · W2ᵀ + b2`) + residual + LayerNorm.
// N packed tokens, D hidden, F intermediate
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

  /// Inference forward pass: replaces `hidden[N, D]` with the layer output and returns the MLP
  /// intermediate activations after GELU, `[N, F]`.
  public func forward(_ hidden: inout Tensor, batch: PackedBatch) -> Tensor {
    let n = batch.tokenCount
    let d = hiddenSize
    let f = intermediateSize
    var qkv = Tensor(uninitialized: [n, 3 * d])
    var ctx = Tensor(uninitialized: [n, d])
    var act = Tensor(uninitialized: [n, f])
    var none: LayerNormStatistics?
    hidden.withUnsafeMutableBufferPointer { hb in
      let x = hb.baseAddress.unsafelyUnwrapped
      qkv.withUnsafeMutableBufferPointer { qb in
        ctx.withUnsafeMutableBufferPointer { cb in
          let q = qb.baseAddress.unsafelyUnwrapped
          let c = cb.baseAddress.unsafelyUnwrapped
          attention.projections(x, rows: n, into: q)
          attention.context(qkv: q, batch: batch, into: c)
          // x ← LN(x + ctx · Woᵀ + bo)
          attentionOutput.forward(c, ldx: d, rows: n, into: x, ldy: d, accumulate: true)
          attentionNorm.forward(x, into: x, rows: n, statistics: &none)
        }
      }
      act.withUnsafeMutableBufferPointer { ab in
        let a = ab.baseAddress.unsafelyUnwrapped
        intermediate.forward(x, ldx: d, rows: n, into: a, ldy: f)
        GELU.forward(a, a, count: n * f)
        // x ← LN(x + a · W2ᵀ + b2)
        output.forward(a, ldx: f, rows: n, into: x, ldy: d, accumulate: true)
        outputNorm.forward(x, into: x, rows: n, statistics: &none)
      }
    }
    return act
  }
}
