import CQuantKernels
import Foundation
import Testing

/// The C block kernel's two paths (`deft_qk_matvec`): the AVX2 + FMA + F16C one chosen at run
/// time and the portable scalar one (`force_scalar`), on seeded random Q4_0, Q4_1 and Q8_0 rows,
/// agree with each other and with a Float64 product of the dequantised blocks within Float32
/// rounding (summation order differs). On a CPU without AVX2 both calls run the scalar path.
@Suite("Quantised kernel: AVX2 and scalar paths")
struct QuantKernelPathTests {
  /// A small seeded generator (SplitMix64), so the test needs no other module.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
      lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }
  }

  struct Rows {
    var bytes: [UInt8] = []
    /// The dequantised weights, row-major, as Float64.
    var weights: [Double] = []
  }

  static func half(_ value: Double, into bytes: inout [UInt8]) -> Double {
    let h = Float16(value)
    bytes += [UInt8(h.bitPattern & 0xFF), UInt8(h.bitPattern >> 8)]
    return Double(h)
  }

  /// `rows × blocks` random blocks of `type` and their dequantised values (ggml's layouts).
  static func randomRows(type: Int32, rows: Int, blocks: Int, rng: inout Generator) -> Rows {
    var out = Rows()
    for _ in 0..<rows {
      for _ in 0..<blocks {
        let d = half(rng.uniform(0.001, 0.1) * (rng.next() & 1 == 0 ? 1 : -1), into: &out.bytes)
        var values = [Double](repeating: 0, count: 32)
        if type == Int32(DEFT_QK_Q8_0) {
          for j in 0..<32 {
            let q = Int8(truncatingIfNeeded: Int(rng.next() % 256) - 128)
            out.bytes.append(UInt8(bitPattern: q))
            values[j] = d * Double(q)
          }
        } else {
          let m = type == Int32(DEFT_QK_Q4_1) ? half(rng.uniform(-0.5, 0.5), into: &out.bytes) : 0
          for j in 0..<16 {
            let (lo, hi) = (Int(rng.next() % 16), Int(rng.next() % 16))
            out.bytes.append(UInt8(lo | hi << 4))
            if type == Int32(DEFT_QK_Q4_1) {
              (values[j], values[j + 16]) = (d * Double(lo) + m, d * Double(hi) + m)
            } else {
              (values[j], values[j + 16]) = (d * Double(lo - 8), d * Double(hi - 8))
            }
          }
        }
        out.weights += values
      }
    }
    return out
  }

  static func product(
    type: Int32, rows: Rows, count: Int, blocks: Int, x: [Float], start: [Float],
    accumulate: Bool, scalar: Bool
  ) -> [Float] {
    var y = start
    let rowBytes = rows.bytes.count / count
    rows.bytes.withUnsafeBufferPointer { w in
      deft_qk_matvec(
        type, w.baseAddress, rowBytes, Int32(count), Int32(blocks), x, &y, accumulate ? 1 : 0,
        scalar ? 1 : 0)
    }
    return y
  }

  @Test(
    "AVX2 and scalar agree with the Float64 product",
    arguments: [
      ("Q4_0", Int32(DEFT_QK_Q4_0)), ("Q4_1", Int32(DEFT_QK_Q4_1)), ("Q8_0", Int32(DEFT_QK_Q8_0)),
    ])
  func pathsAgree(name: String, type: Int32) {
    var rng = Generator(state: UInt64(type) + 17)
    for (count, blocks) in [(1, 1), (7, 5), (64, 18)] {
      let rows = Self.randomRows(type: type, rows: count, blocks: blocks, rng: &rng)
      let x = (0..<(32 * blocks)).map { _ in Float(rng.uniform(-2, 2)) }
      let start = (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
      for accumulate in [false, true] {
        let fast = Self.product(
          type: type, rows: rows, count: count, blocks: blocks, x: x, start: start,
          accumulate: accumulate, scalar: false)
        let scalar = Self.product(
          type: type, rows: rows, count: count, blocks: blocks, x: x, start: start,
          accumulate: accumulate, scalar: true)
        if deft_qk_has_avx2() != 0, count == 64 {
          // Different summation orders round differently somewhere in 64 rows: proof that
          // force_scalar really selected the other path.
          #expect(fast != scalar, "\(name): the AVX2 and scalar results are bit-identical")
        }
        for r in 0..<count {
          var exact = accumulate ? Double(start[r]) : 0
          var magnitude = accumulate ? abs(Double(start[r])) : 0
          for c in 0..<(32 * blocks) {
            let term = rows.weights[r * 32 * blocks + c] * Double(x[c])
            exact += term
            magnitude += abs(term)
          }
          // Float32 sums of 32·blocks terms in different orders: a few ulps of Σ|terms|.
          let tolerance = 4e-6 * magnitude + 1e-6
          #expect(
            abs(Double(fast[r]) - Double(scalar[r])) <= tolerance,
            "\(name) \(count)×\(blocks) row \(r): AVX2 \(fast[r]) vs scalar \(scalar[r])")
          #expect(
            abs(Double(scalar[r]) - exact) <= tolerance,
            "\(name) \(count)×\(blocks) row \(r): scalar \(scalar[r]) vs Float64 \(exact)")
          #expect(
            abs(Double(fast[r]) - exact) <= tolerance,
            "\(name) \(count)×\(blocks) row \(r): AVX2 \(fast[r]) vs Float64 \(exact)")
        }
      }
    }
  }
}
