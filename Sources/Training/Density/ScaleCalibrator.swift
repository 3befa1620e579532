import TraceFormat

/// Streaming per-layer maximum of `|a|`, turned into symmetric quantisation scales
/// `scale = maxAbs / (2^(bits-1) - 1)` (int8: maxAbs / 127). NaN values are ignored.
public struct ScaleCalibrator: Sendable, Equatable {
  public private(set) var maxAbsPerLayer: [Float]

  public init(layerCount: Int) {
    precondition(layerCount > 0, "layerCount must be > 0")
    maxAbsPerLayer = [Float](repeating: 0, count: layerCount)
  }

  /// Observes one activation buffer of `layer`.
  public mutating func observe(layer: Int, activations: UnsafeBufferPointer<Float>) {
    precondition(layer >= 0 && layer < maxAbsPerLayer.count, "layer \(layer) out of range")
    guard let base = activations.baseAddress else { return }
    let m = DensityKernels.maxAbs(base, activations.count)
    if m > maxAbsPerLayer[layer] { maxAbsPerLayer[layer] = m }
  }

  public mutating func observe(layer: Int, activations: [Float]) {
    activations.withUnsafeBufferPointer { observe(layer: layer, activations: $0) }
  }

  /// The symmetric scale of a layer whose largest magnitude is `maxAbs`.
  public static func scale(maxAbs: Float, bits: Int) -> Float {
    precondition((2...16).contains(bits), "bits must be in 2...16, got \(bits)")
    return maxAbs / Float((1 << (bits - 1)) - 1)
  }

  /// Per-layer scales for `bits`-bit symmetric quantisation.
  public func scales(bits: Int) -> [Float] {
    maxAbsPerLayer.map { Self.scale(maxAbs: $0, bits: bits) }
  }

  /// The `quantized` zero definition with these scales.
  public func zeroDefinition(bits: Int) -> ZeroDefinition {
    .quantized(bits: bits, scales: scales(bits: bits))
  }
}
