import TensorCore

/// Clipping of the gradients of several parameters by their global L2 norm
/// (PyTorch `clip_grad_norm_`).
public enum GradientClipping {
  /// L2 norm of all gradients of trainable parameters taken together (accumulated in Double).
  public static func globalNorm(_ parameters: [Parameter]) -> Double {
    var sumOfSquares = 0.0
    for parameter in parameters where parameter.isTrainable {
      guard let gradient = parameter.gradient else { continue }
      gradient.withUnsafeBufferPointer { g in
        var chunkStart = 0
        while chunkStart < g.count {  // Float partial sums over chunks, Double across chunks
          let end = min(chunkStart + 4096, g.count)
          var partial: Float = 0
          for i in chunkStart..<end { partial += g[i] * g[i] }
          sumOfSquares += Double(partial)
          chunkStart = end
        }
      }
    }
    return sumOfSquares.squareRoot()
  }

  /// Scales all gradients by `maxNorm / (norm + 1e-6)` when that is below 1; returns the norm
  /// before clipping (for logging).
  @discardableResult
  public static func clipGlobalNorm(_ parameters: [Parameter], maxNorm: Float) -> Double {
    precondition(maxNorm > 0, "maxNorm must be > 0, got \(maxNorm)")
    let norm = globalNorm(parameters)
    let coefficient = Float(Double(maxNorm) / (norm + 1e-6))
    guard coefficient < 1 else { return norm }
    for parameter in parameters where parameter.isTrainable && parameter.gradient != nil {
      parameter.gradient?.withUnsafeMutableBufferPointer { g in
        for i in 0..<g.count { g[i] *= coefficient }
      }
    }
    return norm
  }
}
