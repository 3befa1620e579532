import TensorCore

/// ADA-DEFT's learnable gate of one layer's MLP block: the MLP output is scaled by
/// `g = sigmoid(θ)` during training; an L1 penalty on `g` pushes unneeded blocks towards zero,
/// and at inference a block whose gate is below the skip threshold is not computed at all.
public final class MLPGate {
  /// θ, one scalar.
  public let logit: Parameter

  public init(logit: Parameter) {
    precondition(logit.value.count == 1, "an MLP gate is one scalar")
    self.logit = logit
  }

  /// A trainable gate for `layer` starting at `sigmoid(initialLogit)`.
  public convenience init(layer: Int, initialLogit: Float) {
    self.init(
      logit: Parameter(
        name: "encoder.layer.\(layer).mlp_gate", value: Tensor(shape: [1], scalars: [initialLogit]),
        isTrainable: true))
  }

  /// `g = sigmoid(θ)`.
  public var value: Float { Activations.sigmoid(logit.value.scalars[0]) }
}
