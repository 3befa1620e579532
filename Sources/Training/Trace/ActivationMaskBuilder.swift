import TraceFormat

/// Builds the activation masks of a trace from activation values.
// T rows, F units
public enum ActivationMaskBuilder {
  /// The mask of rows `rows` of `activations[N, F]`: bit set where `|a| > threshold`
  /// (`DensityThreshold.threshold(for:layer:)` turns any `ZeroDefinition` into one threshold).
  /// NaN counts as non-zero.
  public static func mask(
    _ activations: UnsafePointer<Float>, units: Int, rows: Range<Int>, threshold: Float
  ) -> ActivationMask {
    let wordsPerToken = (units + 63) / 64
    var words = [UInt64](repeating: 0, count: rows.count * wordsPerToken)
    words.withUnsafeMutableBufferPointer { wb in
      for (t, row) in rows.enumerated() {
        let a = activations + row * units
        for w in 0..<wordsPerToken {
          var word: UInt64 = 0
          let start = w * 64
          let end = min(units, start + 64)
          for u in start..<end where !(abs(a[u]) <= threshold) {
            word |= 1 << UInt64(u - start)
          }
          wb[t * wordsPerToken + w] = word
        }
      }
    }
    return ActivationMask(tokenCount: rows.count, units: units, words: words)
  }
}
