/// The hot loops of density measurement. Every zero definition reduces to "non-zero when
/// `|a| > threshold`" (see `DensityThreshold`), so one pass over a chunk of activations counts
/// several definitions while the chunk is in cache.
// T tokens, F units (intermediate size), K definitions, G block size
enum DensityKernels {
  /// Elements processed per chunk: 32 KiB of Float, resident in L1/L2 across the K passes.
  static let chunkElements = 8192

  /// Adds to `counts[k]` the number of elements with `|a| > thresholds[k]`.
  static func countAbove(
    _ a: UnsafeBufferPointer<Float>, thresholds: [Float], counts: inout [Int]
  ) {
    guard let base = a.baseAddress else { return }
    var start = 0
    while start < a.count {
      let n = min(chunkElements, a.count - start)
      let p = base + start
      for k in thresholds.indices {
        counts[k] += countAbove(p, n, thresholds[k])
      }
      start += n
    }
  }

  /// Number of `i < n` with `|p[i]| > t` (vectorised: 32-bit lane counters, n <= 2^31).
  @inline(__always)
  static func countAbove(_ p: UnsafePointer<Float>, _ n: Int, _ t: Float) -> Int {
    var count: Int32 = 0
    for i in 0..<n {
      count &+= abs(p[i]) > t ? 1 : 0
    }
    return Int(count)
  }

  /// Maximum of `|p[i]|` over `i < n` (0 for n == 0; NaN values are ignored).
  @inline(__always)
  static func maxAbs(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var lanes = SIMD16<Float>(repeating: 0)
    var i = 0
    while i + 16 <= n {
      let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
      lanes = pointwiseMax(lanes, pointwiseMax(v, -v))
      i += 16
    }
    var m = lanes.max()
    while i < n {
      let x = abs(p[i])
      if x > m { m = x }
      i += 1
    }
    return m
  }

  /// `colMax[u] = max(colMax[u], |a[t, u]|)` over the `rows` rows of a `[rows, F]` block.
  static func accumulateColumnMaxAbs(
    _ a: UnsafePointer<Float>, rows: Int, units: Int, into colMax: UnsafeMutablePointer<Float>
  ) {
    for t in 0..<rows {
      let row = a + t * units
      for u in 0..<units {
        let x = abs(row[u])
        colMax[u] = x > colMax[u] ? x : colMax[u]
      }
    }
  }
}
