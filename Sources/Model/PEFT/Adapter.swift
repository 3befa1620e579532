import TensorCore

/// A Pfeiffer bottleneck adapter after a layer's FFN output projection:
/// `h ← h + W_up·ReLU(W_down·h + b_down) + b_up`, width `D / reductionFactor`.
///
/// `W_up` and `b_up` start at zero, so a fresh adapter is the identity.
// N rows, D hidden, W adapter width
public final class Adapter {
  public let down: Linear
  public let up: Linear
  public var width: Int { down.outFeatures }

  public init(down: Linear, up: Linear) {
    precondition(down.outFeatures == up.inFeatures && down.inFeatures == up.outFeatures)
    self.down = down
    self.up = up
  }

  /// A trainable adapter named `name` (e.g. `encoder.layer.0.output.adapter`): `W_down` normal
  /// with standard deviation 0.01, biases and `W_up` zero.
  public convenience init(name: String, hidden: Int, width: Int, generator: inout SplitMix64) {
    let downValues = (0..<(width * hidden)).map { _ in 0.01 * generator.nextNormal() }
    func parameter(_ suffix: String, _ value: Tensor) -> Parameter {
      Parameter(name: "\(name).\(suffix)", value: value, isTrainable: true)
    }
    self.init(
      down: Linear(
        weight: parameter("down.weight", Tensor(shape: [width, hidden], scalars: downValues)),
        bias: parameter("down.bias", Tensor(zeros: [width]))),
      up: Linear(
        weight: parameter("up.weight", Tensor(zeros: [hidden, width])),
        bias: parameter("up.bias", Tensor(zeros: [hidden]))))
  }

  public var parameters: [Parameter] {
    [down.weight, down.bias, up.weight, up.bias].compactMap { $0 }
  }

  /// Applies the adapter to `h[N, D]` in place; keeps the input and the bottleneck activations
  /// when `keepCache`.
  public func forward(_ h: UnsafeMutablePointer<Float>, rows: Int, keepCache: Bool) -> AdapterCache?
  {
    let d = down.inFeatures
    let w = width
    let input =
      keepCache
      ? Tensor(shape: [rows, d], scalars: Array(UnsafeBufferPointer(start: h, count: rows * d)))
      : nil
    var bottleneck = Tensor(uninitialized: [rows, w])
    bottleneck.withUnsafeMutableBufferPointer { bb in
      let z = bb.baseAddress.unsafelyUnwrapped
      down.forward(h, ldx: d, rows: rows, into: z, ldy: w)
      Activations.reluForward(z, z, count: rows * w)
      up.forward(z, ldx: w, rows: rows, into: h, ldy: d, accumulate: true)
    }
    guard let input else { return nil }
    return AdapterCache(input: input, bottleneck: bottleneck)
  }

  /// Given `dh'` in `grad[N, D]`, replaces it with `dh` and accumulates parameter gradients.
  public func backward(
    _ cache: AdapterCache, grad: UnsafeMutablePointer<Float>, rows: Int, gradients: GradientStore
  ) {
    let d = down.inFeatures
    let w = width
    var dz = Tensor(uninitialized: [rows, w])
    dz.withUnsafeMutableBufferPointer { dzb in
      let dzp = dzb.baseAddress.unsafelyUnwrapped
      cache.bottleneck.withUnsafeBufferPointer { zb in
        let z = zb.baseAddress.unsafelyUnwrapped
        up.backward(
          input: z, ldx: w, gradOutput: grad, ldy: d, rows: rows, gradInput: dzp, lddx: w,
          accumulateInput: false, gradients: gradients)
        Activations.reluBackward(output: z, gradOutput: dzp, gradInput: dzp, count: rows * w)
      }
      cache.input.withUnsafeBufferPointer { xb in
        down.backward(
          input: xb.baseAddress.unsafelyUnwrapped, ldx: d, gradOutput: dzp, ldy: w, rows: rows,
          gradInput: grad, lddx: d, accumulateInput: true, gradients: gradients)
      }
    }
  }
}

/// What an adapter forward pass keeps for its backward pass.
public struct AdapterCache {
  /// The adapter input `h` `[N, D]`.
  public var input: Tensor
  /// `ReLU(W_down·h + b_down)` `[N, W]`.
  public var bottleneck: Tensor
}
