import Foundation

/// Erf-GELU, `gelu(x) = x · Φ(x) = ½ x (1 + erf(x / √2))`, matching
/// `torch.nn.functional.gelu(x)` (approximate='none') in Float32.
///
/// The forward pass evaluates erf with a vectorisable rational approximation (max abs error
/// 4.5e-7 over all Float inputs) and, for the negative tail (`x < -2`, where the result is small
/// and relative precision matters), with libm's `erff`, so that the tail rounds exactly like
/// PyTorch: the output is exactly 0 for `x ≤ -5.54`.
public enum GELU {
  /// `output[i] = gelu(input[i])`. `input` and `output` may alias (in place, the input is
  /// processed in chunks through a scratch copy so the tail fix still sees it).
  @inlinable
  public static func forward(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int
  ) {
    guard UnsafePointer(output) == input else {
      forwardDistinct(input, output, count: count)
      return
    }
    let chunk = 1024
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: chunk)
    defer { scratch.deallocate() }
    var start = 0
    while start < count {
      let n = Swift.min(chunk, count - start)
      scratch.update(from: input + start, count: n)
      forwardDistinct(scratch, output + start, count: n)
      start += n
    }
  }

  @inlinable
  static func forwardDistinct(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count {
      let x = input[i]
      output[i] = x * 0.5 * (1 + erfApprox(x * 0.707_106_77))
    }
    fixNegativeTail(input, output, count: count)
  }

  /// `gradInput[i] = gradOutput[i] · gelu'(input[i])`, with
  /// `gelu'(x) = Φ(x) + x · φ(x)`. `gradInput` may alias `gradOutput`.
  @inlinable
  public static func backward(
    input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
    gradInput: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count {
      gradInput[i] = gradOutput[i] * derivative(input[i])
    }
  }

  /// `gelu'(x)` in Float.
  @inlinable
  public static func derivative(_ x: Float) -> Float {
    let cdf = 0.5 * (1 + erff(x * 0.707_106_77))
    let pdf = expf(-0.5 * x * x) * 0.398_942_28
    return cdf + x * pdf
  }

  /// Scalar GELU with libm's erf, as PyTorch computes it. Reference for tests.
  @inlinable
  public static func reference(_ x: Float) -> Float {
    x * 0.5 * (1 + erff(x * 0.707_106_77))
  }

  /// Recomputes outputs with `erff` where `x < -2` (rare, branch predicted).
  @usableFromInline
  static func fixNegativeTail(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count where input[i] < -2 {
      output[i] = reference(input[i])
    }
  }

  /// Rational approximation of erf on [-4, 4] (inputs clamped), after Eigen's
  /// `generic_fast_erf_float`. Max abs error 4.5e-7 against a Float64 erf. Written as scalar
  /// code without branches so that loops over it vectorise.
  @inlinable
  static func erfApprox(_ z: Float) -> Float {
    let x = Swift.min(Swift.max(z, -4), 4)
    let x2 = x * x
    var p: Float = -2.726_142_3e-10
    p = p * x2 + 2.770_681_4e-08
    p = p * x2 - 2.101_024e-06
    p = p * x2 - 5.692_506_4e-05
    p = p * x2 - 7.349_906_3e-04
    p = p * x2 - 2.954_600_0e-03
    p = p * x2 - 1.609_603_3e-02
    p = p * x
    var q: Float = -1.456_607_2e-05
    q = q * x2 - 2.133_740_6e-04
    q = q * x2 - 1.682_827e-03
    q = q * x2 - 7.373_329_2e-03
    q = q * x2 - 1.426_473_9e-02
    return p / q
  }
}
