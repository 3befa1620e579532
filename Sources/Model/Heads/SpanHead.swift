import TensorCore

/// SQuAD's span head: a linear layer from every row's hidden state to a start and an end logit
/// (`qa_outputs`, normal(0, 0.02) weights, zero bias).
// N rows, D hidden
public final class SpanHead {
  public let projection: Linear

  public init(projection: Linear) {
    precondition(projection.outFeatures == 2, "a span head has 2 outputs")
    self.projection = projection
  }

  public convenience init(hidden d: Int, seed: UInt64) {
    var g = SplitMix64.stream(seed: seed, label: 0x5350_414E)  // "SPAN"
    self.init(
      projection: Linear(
        weight: Parameter(
          name: "qa_outputs.weight",
          value: Tensor(shape: [2, d], scalars: (0..<(2 * d)).map { _ in 0.02 * g.nextNormal() }),
          isTrainable: true),
        bias: Parameter(name: "qa_outputs.bias", value: Tensor(zeros: [2]), isTrainable: true)))
  }

  public var parameters: [Parameter] { [projection.weight, projection.bias].compactMap { $0 } }

  /// `[N, 2]` logits: column 0 start, column 1 end.
  public func forward(hidden: Tensor) -> Tensor {
    let n = hidden.dim(0)
    let d = projection.inFeatures
    var logits = Tensor(uninitialized: [n, 2])
    hidden.withUnsafeBufferPointer { hb in
      logits.withUnsafeMutableBufferPointer { lb in
        projection.forward(
          hb.baseAddress.unsafelyUnwrapped, ldx: d, rows: n, into: lb.baseAddress.unsafelyUnwrapped,
          ldy: 2)
      }
    }
    return logits
  }

  /// From `dLogits[N, 2]`: head gradients, and `dHidden[N, D]`.
  public func backward(hidden: Tensor, gradLogits: Tensor, gradients: GradientStore) -> Tensor {
    let n = hidden.dim(0)
    let d = projection.inFeatures
    var dHidden = Tensor(uninitialized: [n, d])
    hidden.withUnsafeBufferPointer { hb in
      gradLogits.withUnsafeBufferPointer { gb in
        dHidden.withUnsafeMutableBufferPointer { db in
          projection.backward(
            input: hb.baseAddress, ldx: d, gradOutput: gb.baseAddress.unsafelyUnwrapped, ldy: 2,
            rows: n, gradInput: db.baseAddress.unsafelyUnwrapped, lddx: d, accumulateInput: false,
            gradients: gradients)
        }
      }
    }
    return dHidden
  }
}
