import TensorCore

/// Prefix tuning (Li & Liang 2021) for one layer: `P` trainable key and value vectors prepended to
/// every sequence's attention keys and values (queries come from tokens only).
public final class PrefixTuning {
  /// `[P, D]` (all heads side by side, as the key projection's output).
  public let keys: Parameter
  /// `[P, D]`.
  public let values: Parameter
  public var length: Int { keys.value.dim(0) }

  public init(keys: Parameter, values: Parameter) {
    precondition(keys.value.shape == values.value.shape, "prefix keys and values differ in shape")
    self.keys = keys
    self.values = values
  }

  /// A trainable prefix for layer `layer`, initialised as the layer's own key and value
  /// projections of `length` random vocabulary embeddings (after the embedding LayerNorm), so the
  /// prefix starts inside the distribution the attention was trained on.
  public convenience init(
    layer: Int, length: Int, attention: SelfAttention, embeddings: Embeddings,
    generator: inout SplitMix64
  ) {
    let d = attention.hiddenSize
    let vocab = embeddings.word.value.dim(0)
    var x = Tensor(uninitialized: [length, d])
    x.withUnsafeMutableBufferPointer { xb in
      embeddings.word.value.withUnsafeBufferPointer { w in
        for i in 0..<length {
          let row = generator.next(below: vocab)
          (xb.baseAddress.unsafelyUnwrapped + i * d).update(
            from: w.baseAddress.unsafelyUnwrapped + row * d, count: d)
        }
      }
      var none: LayerNormStatistics?
      let p = xb.baseAddress.unsafelyUnwrapped
      embeddings.norm.forward(p, into: p, rows: length, statistics: &none)
    }
    func project(_ linear: Linear) -> Tensor {
      var out = Tensor(uninitialized: [length, d])
      x.withUnsafeBufferPointer { xb in
        out.withUnsafeMutableBufferPointer { ob in
          linear.forward(
            xb.baseAddress.unsafelyUnwrapped, ldx: d, rows: length,
            into: ob.baseAddress.unsafelyUnwrapped, ldy: d)
        }
      }
      return out
    }
    let name = "encoder.layer.\(layer).attention.prefix"
    self.init(
      keys: Parameter(name: name + "_keys", value: project(attention.key), isTrainable: true),
      values: Parameter(name: name + "_values", value: project(attention.value), isTrainable: true))
  }
}
