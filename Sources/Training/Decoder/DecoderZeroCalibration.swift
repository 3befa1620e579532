import Model
import TraceFormat

/// Per-layer statistics of `|silu(W_gate x)|` over calibration prompts, from which zero
/// definitions that make sense for SiLU (never exactly zero) are derived: a per-layer threshold
/// τ_l reaching a target density (as CATS and TEAL calibrate), and int-N scales max|a| / (2^(N-1) − 1).
public struct DecoderZeroCalibration: Sendable {
  /// Every `stride`-th |a| of each layer, sorted ascending.
  public let samples: [[Float]]
  public let maxAbs: [Float]
  public static let stride = 7

  /// Runs the prompts (prefill only, each after the `prefix` rows of a soft prompt when given)
  /// and collects the gate activations.
  public init(model: LlamaModel, prompts: [[Int32]], prefix: [Float] = []) {
    let layers = model.config.layers
    var samples = [[Float]](repeating: [], count: layers)
    var maxAbs = [Float](repeating: 0, count: layers)
    for prompt in prompts {
      let capacity = prefix.count / model.config.hidden + prompt.count
      var cache = LlamaKVCache(config: model.config, capacity: capacity)
      _ = model.decoder.forward(prompt, prefix: prefix, cache: &cache) { layer, gate, _ in
        var i = 0
        while i < gate.count {
          samples[layer].append(abs(gate[i]))
          i += Self.stride
        }
        for v in gate { maxAbs[layer] = max(maxAbs[layer], abs(v)) }
      }
    }
    self.samples = samples.map { $0.sorted() }
    self.maxAbs = maxAbs
  }

  /// τ_l per layer such that about `density` of the calibration activations have |a| > τ_l.
  public func thresholds(density: Double) -> [Float] {
    samples.map { sorted in
      guard !sorted.isEmpty else { return 0 }
      let index = Int((1 - density) * Double(sorted.count - 1)).clamped(0, sorted.count - 1)
      return sorted[index]
    }
  }

  /// The per-layer τ as a zero definition: `quantized` with scale 2τ_l is non-zero exactly when
  /// |a| > τ_l (`round(a / 2τ) != 0`), so the format's per-layer scales carry per-layer
  /// thresholds. `bits` records 32 (not an integer datapath).
  public func perLayerThreshold(density: Double) -> ZeroDefinition {
    .quantized(bits: 32, scales: thresholds(density: density).map { 2 * $0 })
  }

  /// Symmetric int-N with per-layer max-abs scales.
  public func integer(bits: Int) -> ZeroDefinition {
    let levels = Float((1 << (bits - 1)) - 1)
    return .quantized(bits: bits, scales: maxAbs.map { $0 / levels })
  }
}

extension Int {
  fileprivate func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
