import Foundation

/// Pointwise activations other than GELU, with their backward passes.
public enum Activations {
  /// `y = tanh(x)`; `x` and `y` may alias.
  @inlinable
  public static func tanhForward(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { y[i] = tanhf(x[i]) }
  }

  /// `dX = dY · (1 − y²)` from the tanh output `y`; `dX` may alias `dY`.
  @inlinable
  public static func tanhBackward(
    output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
  }

  /// `y = max(x, 0)`; `x` and `y` may alias.
  @inlinable
  public static func reluForward(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { y[i] = Swift.max(x[i], 0) }
  }

  /// `dX = dY · [y > 0]` from the ReLU output `y`; `dX` may alias `dY`.
  @inlinable
  public static func reluBackward(
    output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
  }

  /// The logistic sigmoid `1 / (1 + e^−x)`.
  @inlinable
  public static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
}
