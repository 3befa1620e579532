/// Gradient accumulators for the trainable parameters of one backward pass.
///
/// Each worker thread of a data-parallel step owns one store, so backward passes never share
/// mutable memory; ``addIntoParameterGradients()`` then sums the stores into the parameters' own
/// `gradient` tensors in a fixed order (deterministic for a given thread count). Frozen parameters
/// have no buffer: asking for one returns nil, which is how layers know to skip weight gradients.
public final class GradientStore {
  /// The trainable parameters, in the order given.
  public let parameters: [Parameter]
  private var buffers: [ObjectIdentifier: UnsafeMutableBufferPointer<Float>] = [:]

  public init(parameters: [Parameter]) {
    self.parameters = parameters.filter(\.isTrainable)
    for p in self.parameters {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, p.value.count))
      buffer.initialize(repeating: 0)
      buffers[ObjectIdentifier(p)] = buffer
    }
  }

  deinit {
    for buffer in buffers.values { buffer.deallocate() }
  }

  /// The accumulator of `parameter`, or nil when it is frozen (or not in this store).
  @inlinable
  public func buffer(for parameter: Parameter) -> UnsafeMutablePointer<Float>? {
    pointer(ObjectIdentifier(parameter))
  }

  @usableFromInline
  func pointer(_ id: ObjectIdentifier) -> UnsafeMutablePointer<Float>? {
    buffers[id]?.baseAddress
  }

  /// Whether `parameter` accumulates a gradient here.
  public func contains(_ parameter: Parameter) -> Bool {
    buffers[ObjectIdentifier(parameter)] != nil
  }

  /// The accumulated gradient of `parameter` as a tensor (zeros when absent).
  public func gradient(of parameter: Parameter) -> Tensor {
    guard let buffer = buffers[ObjectIdentifier(parameter)] else {
      return Tensor(zeros: parameter.value.shape)
    }
    return Tensor(
      shape: parameter.value.shape, scalars: Array(buffer.prefix(parameter.value.count)))
  }

  /// Sets every accumulator to zero.
  public func zero() {
    for buffer in buffers.values { buffer.update(repeating: 0) }
  }

  /// `parameter.gradient += accumulator` for every parameter of the store.
  public func addIntoParameterGradients() {
    for p in parameters {
      guard let source = buffers[ObjectIdentifier(p)] else { continue }
      if p.gradient == nil { p.gradient = Tensor(zeros: p.value.shape) }
      p.gradient?.withUnsafeMutableBufferPointer { g in
        for i in 0..<g.count { g[i] += source[i] }
      }
    }
  }
}
