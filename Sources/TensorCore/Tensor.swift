/// A dense Float32 tensor: a shape and row-major contiguous storage.
///
/// A value type: copies share storage until one of them is mutated (copy on write), so passing
/// tensors around is cheap and mutation through `withUnsafeMutableBufferPointer` is safe.
public struct Tensor: Sendable, Equatable {
  public private(set) var shape: [Int]
  public var scalars: [Float]

  /// Number of elements.
  @inlinable public var count: Int { scalars.count }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
    self.shape = shape
    self.scalars = [Float](repeating: 0, count: shape.reduce(1, *))
  }

  /// A tensor whose scalars are left uninitialised: only for outputs that a kernel overwrites
  /// completely before anything reads them.
  public init(uninitialized shape: [Int]) {
    let count = shape.reduce(1, *)
    self.shape = shape
    self.scalars = [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
  }

  /// A tensor filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.shape = shape
    self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor from row-major scalars; `scalars.count` must equal the product of `shape`.
  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.reduce(1, *) == scalars.count,
      "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// The same storage under another shape with the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Size of dimension `i` (negative counts from the end).
  @inlinable public func dim(_ i: Int) -> Int { i < 0 ? shape[shape.count + i] : shape[i] }

  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows
    -> R
  {
    try scalars.withUnsafeBufferPointer(body)
  }

  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer(body)
  }
}
