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

  /// Number of `i < n` with `|p[i]| > t`, for `t >= 0`. Works on bit patterns: for
  /// non-negative floats the IEEE order equals the unsigned-integer order of the bits, so the
  /// loop is integer SIMD (explicit: the auto-vectoriser leaves the scalar form ~7x slower).
  /// Lane counters are 32-bit (callers pass n <= 2^31). A NaN compares above every threshold,
  /// i.e. counts as non-zero.
  @inline(__always)
  static func countAbove(_ p: UnsafePointer<Float>, _ n: Int, _ t: Float) -> Int {
    let thresholdBits = t.bitPattern
    let thresholds = SIMD8<UInt32>(repeating: thresholdBits)
    let magnitudeMask = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
    let ones = SIMD8<UInt32>(repeating: 1)
    var lanes = SIMD8<UInt32>()
    let raw = UnsafeRawPointer(p)
    var i = 0
    while i + 8 <= n {
      let b = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self) & magnitudeMask
      lanes &+= ones.replacing(with: 0, where: b .<= thresholds)
      i += 8
    }
    var count = Int(lanes.wrappedSum())
    while i < n {
      if (p[i].bitPattern & 0x7FFF_FFFF) > thresholdBits { count += 1 }
      i += 1
    }
    return count
  }

  /// Maximum of `|p[i]|` over `i < n` (0 for n == 0; NaN values are ignored). Integer max of the
  /// magnitude bits, which orders non-negative floats like their values.
  @inline(__always)
  static func maxAbs(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    let infinityBits = Float.infinity.bitPattern
    return p.withMemoryRebound(to: UInt32.self, capacity: n) { bits in
      var m: UInt32 = 0
      for i in 0..<n {
        let b = bits[i] & 0x7FFF_FFFF
        let finiteOrInfinite = b > infinityBits ? 0 : b
        m = finiteOrInfinite > m ? finiteOrInfinite : m
      }
      return Float(bitPattern: m)
    }
  }

  /// `blockMax[t * B + b] = max |a[t, b*G ..< min((b+1)*G, F)]|` for every row of a `[rows, F]`
  /// buffer, `B = ceil(F / G)` (magnitudes as floats; NaN compares highest).
  static func blockMaxAbs(
    _ a: UnsafePointer<Float>, rows: Int, units: Int, blockUnits g: Int,
    into blockMax: UnsafeMutablePointer<Float>
  ) {
    let blocksPerRow = (units + g - 1) / g
    let magnitudeMask = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
    let source = UnsafeRawPointer(a)
    for t in 0..<rows {
      for b in 0..<blocksPerRow {
        let begin = t * units + b * g
        let end = t * units + min((b + 1) * g, units)
        var i = begin
        var lanes = SIMD8<UInt32>()
        while i + 8 <= end {
          let v =
            source.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self) & magnitudeMask
          lanes = lanes.replacing(with: v, where: v .> lanes)
          i += 8
        }
        var m = lanes.max()
        while i < end {
          let v = a[i].bitPattern & 0x7FFF_FFFF
          m = v > m ? v : m
          i += 1
        }
        blockMax[t * blocksPerRow + b] = Float(bitPattern: m)
      }
    }
  }

  /// `colMax[u] = max(colMax[u], |a[t, u]|)` over the `rows` rows of a `[rows, F]` block, on
  /// magnitude bit patterns (`colMax` holds non-negative floats; NaN compares highest).
  static func accumulateColumnMaxAbs(
    _ a: UnsafePointer<Float>, rows: Int, units: Int, into colMax: UnsafeMutablePointer<Float>
  ) {
    let magnitudeMask = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
    let source = UnsafeRawPointer(a)
    let target = UnsafeMutableRawPointer(colMax)
    for t in 0..<rows {
      let rowOffset = 4 * t * units
      var u = 0
      while u + 8 <= units {
        let b =
          source.loadUnaligned(fromByteOffset: rowOffset + 4 * u, as: SIMD8<UInt32>.self)
          & magnitudeMask
        let m = target.loadUnaligned(fromByteOffset: 4 * u, as: SIMD8<UInt32>.self)
        target.storeBytes(
          of: m.replacing(with: b, where: b .> m), toByteOffset: 4 * u, as: SIMD8<UInt32>.self)
        u += 8
      }
      while u < units {
        let b = a[t * units + u].bitPattern & 0x7FFF_FFFF
        if b > colMax[u].bitPattern { colMax[u] = Float(bitPattern: b) }
        u += 1
      }
    }
  }
}
