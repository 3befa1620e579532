import Foundation
import TensorCore
import Testing

@Suite struct KernelTests {
  /// The fast GELU against libm erf over a dense sweep, and exact zeros in the far tail like
  /// PyTorch's float32 GELU.
  @Test func geluMatchesErfReference() {
    let xs = stride(from: Float(-12), through: 12, by: 0.001).map { $0 }
    var ys = [Float](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { x in
      ys.withUnsafeMutableBufferPointer { y in
        GELU.forward(
          x.baseAddress.unsafelyUnwrapped, y.baseAddress.unsafelyUnwrapped, count: xs.count)
      }
    }
    var maxDiff = 0.0
    for (x, y) in zip(xs, ys) {
      let exact = Double(x) * 0.5 * (1 + erf(Double(x) / 2.0.squareRoot()))
      maxDiff = max(maxDiff, abs(Double(y) - exact))
    }
    #expect(maxDiff < 2e-6, "max abs error \(maxDiff)")
    for (x, y) in zip(xs, ys) where x <= -5.6 { #expect(y == 0, "gelu(\(x)) = \(y)") }
    #expect(ys[xs.firstIndex { $0 >= -5.4 } ?? 0] != 0)
  }

  /// In place, GELU gives exactly the out-of-place result (the negative tail included).
  @Test func geluInPlaceEqualsOutOfPlace() {
    let xs = stride(from: Float(-12), through: 12, by: 0.0137).map { $0 }
    var out = [Float](repeating: 0, count: xs.count)
    var inPlace = xs
    xs.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in
        GELU.forward(
          x.baseAddress.unsafelyUnwrapped, y.baseAddress.unsafelyUnwrapped, count: xs.count)
      }
    }
    inPlace.withUnsafeMutableBufferPointer { b in
      let p = b.baseAddress.unsafelyUnwrapped
      GELU.forward(p, p, count: xs.count)
    }
    #expect(inPlace == out)
    #expect(out.first == 0)
  }

  @Test func geluDerivativeMatchesFiniteDifference() {
    for x in stride(from: Float(-6), through: 6, by: 0.37) {
      let h = 1e-3
      let f = { (v: Double) in v * 0.5 * (1 + erf(v / 2.0.squareRoot())) }
      let numeric = (f(Double(x) + h) - f(Double(x) - h)) / (2 * h)
      #expect(abs(Double(GELU.derivative(x)) - numeric) < 1e-4, "x = \(x)")
    }
  }

  @Test func softmaxRowsSumToOneAndBackwardMatchesFiniteDifference() {
    var rng = SplitMix64(seed: 3)
    let (rows, cols) = (3, 5)
    let x = (0..<rows * cols).map { _ in rng.nextNormal() * 3 }
    let w = (0..<rows * cols).map { _ in rng.nextNormal() }
    func loss(_ input: [Float]) -> Double {
      var p = input
      p.withUnsafeMutableBufferPointer {
        Softmax.forward($0.baseAddress.unsafelyUnwrapped, rows: rows, columns: cols)
      }
      return zip(p, w).reduce(0) { $0 + Double($1.0 * $1.1) }
    }
    var p = x
    p.withUnsafeMutableBufferPointer {
      Softmax.forward($0.baseAddress.unsafelyUnwrapped, rows: rows, columns: cols)
    }
    for r in 0..<rows {
      #expect(abs(p[r * cols..<(r + 1) * cols].reduce(0, +) - 1) < 1e-6)
    }
    var dx = [Float](repeating: 0, count: x.count)
    Softmax.backward(
      probabilities: p, gradOutput: w, gradInput: &dx, rows: rows, columns: cols)
    for i in 0..<x.count {
      var plus = x
      var minus = x
      plus[i] += 1e-2
      minus[i] -= 1e-2
      let numeric = (loss(plus) - loss(minus)) / 2e-2
      #expect(abs(Double(dx[i]) - numeric) < 1e-3, "element \(i)")
    }
  }

  @Test func layerNormBackwardMatchesFiniteDifference() {
    var rng = SplitMix64(seed: 5)
    let (rows, features) = (2, 6)
    let x = (0..<rows * features).map { _ in rng.nextNormal() }
    let gamma = (0..<features).map { _ in 1 + 0.3 * rng.nextNormal() }
    let beta = (0..<features).map { _ in rng.nextNormal() }
    let w = (0..<rows * features).map { _ in rng.nextNormal() }
    func forward(_ input: [Float], _ g: [Float], _ b: [Float]) -> Double {
      var y = [Float](repeating: 0, count: input.count)
      LayerNormKernel.forward(
        input: input, output: &y, rows: rows, features: features, gamma: g, beta: b,
        epsilon: 1e-12)
      return zip(y, w).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    var mean = [Float](repeating: 0, count: rows)
    var rstd = [Float](repeating: 0, count: rows)
    var y = [Float](repeating: 0, count: x.count)
    LayerNormKernel.forward(
      input: x, output: &y, rows: rows, features: features, gamma: gamma, beta: beta,
      epsilon: 1e-12, mean: &mean, reciprocalStd: &rstd)
    var dx = [Float](repeating: 0, count: x.count)
    var dg = [Float](repeating: 0, count: features)
    var db = [Float](repeating: 0, count: features)
    LayerNormKernel.backward(
      input: x, gradOutput: w, gradInput: &dx, rows: rows, features: features, gamma: gamma,
      mean: mean, reciprocalStd: rstd, gradGamma: &dg, gradBeta: &db)
    let h: Float = 1e-2
    for i in 0..<x.count {
      var p = x
      var m = x
      p[i] += h
      m[i] -= h
      let numeric = (forward(p, gamma, beta) - forward(m, gamma, beta)) / Double(2 * h)
      #expect(abs(Double(dx[i]) - numeric) < 2e-3, "dx[\(i)]")
    }
    for j in 0..<features {
      var p = gamma
      var m = gamma
      p[j] += h
      m[j] -= h
      let numeric = (forward(x, p, beta) - forward(x, m, beta)) / Double(2 * h)
      #expect(abs(Double(dg[j]) - numeric) < 2e-3, "dgamma[\(j)]")
      var pb = beta
      var mb = beta
      pb[j] += h
      mb[j] -= h
      let numericB = (forward(x, gamma, pb) - forward(x, gamma, mb)) / Double(2 * h)
      #expect(abs(Double(db[j]) - numericB) < 2e-3, "dbeta[\(j)]")
    }
  }

  @Test func splitMixIsDeterministicAndUniform() {
    var a = SplitMix64(seed: 99)
    var b = SplitMix64(seed: 99)
    #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    var g = SplitMix64(seed: 1)
    let u = (0..<10_000).map { _ in g.nextUniform() }
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(abs(u.reduce(0, +) / 10_000 - 0.5) < 0.02)
    let n = (0..<10_000).map { _ in g.nextNormal() }
    let mean = n.reduce(0, +) / 10_000
    let variance = n.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 10_000
    #expect(abs(mean) < 0.05 && abs(variance - 1) < 0.05)
  }

  @Test func parallelMapKeepsOrder() {
    #expect(Parallel.map(7) { $0 * $0 } == [0, 1, 4, 9, 16, 25, 36])
  }
}
