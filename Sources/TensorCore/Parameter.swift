/// A named tensor of a model with an optional gradient accumulator.
///
/// Reference type so that layers, optimisers and checkpoints all see the same storage. Frozen
/// parameters (`isTrainable == false`) never allocate or accumulate a gradient.
public final class Parameter {
  public let name: String
  public var value: Tensor
  public var gradient: Tensor?
  public var isTrainable: Bool {
    didSet { gradient = isTrainable ? Tensor(zeros: value.shape) : nil }
  }

  public init(name: String, value: Tensor, isTrainable: Bool = false) {
    self.name = name
    self.value = value
    self.isTrainable = isTrainable
    self.gradient = isTrainable ? Tensor(zeros: value.shape) : nil
  }

  /// Sets the gradient to zero (no-op for frozen parameters).
  public func zeroGradient() {
    guard gradient != nil else { return }
    gradient?.withUnsafeMutableBufferPointer { buf in buf.update(repeating: 0) }
  }
}
