import TensorCore
import Testing

@Suite struct NF4Tests {
  /// Every value dequantises to the nearest NF4 level of its block's scale: the error is at most
  /// half the widest gap between levels (0.1609 · absmax) and exactly the nearest-level error.
  @Test func dequantisedValuesAreNearestLevels() {
    var g = SplitMix64(seed: 4)
    let x = Tensor(shape: [7, 37], scalars: (0..<259).map { _ in g.nextNormal() })
    let q = NF4Matrix(quantizing: x, blockSize: 64)
    let y = q.dequantized()
    #expect(y.shape == x.shape)
    for i in 0..<x.count {
      let block = i / 64
      let m = q.absmax[block]
      let best = NF4Matrix.levels.map { abs($0 * m - x.scalars[i]) }.min() ?? 0
      #expect(abs(y.scalars[i] - x.scalars[i]) <= best + 1e-6 * m, "value \(i)")
      #expect(abs(y.scalars[i] - x.scalars[i]) <= 0.161 * m)
    }
  }

  @Test func blockExtremesAndZeroAreExact() {
    let x = Tensor(shape: [4], scalars: [2.5, -2.5, 0, 1.1])
    let y = NF4Matrix(quantizing: x, blockSize: 4).dequantized()
    #expect(y.scalars[0] == 2.5 && y.scalars[1] == -2.5 && y.scalars[2] == 0)
  }

  @Test func storageIsHalfAByteAndAScalePerBlock() {
    let x = Tensor(zeros: [384, 1536])
    let q = NF4Matrix(quantizing: x, blockSize: 64)
    #expect(q.storageBytes == 384 * 1536 / 2 + 384 * 1536 / 64 * 4)
    // Re-quantising dequantised values reproduces the same codes.
    var g = SplitMix64(seed: 9)
    let r = Tensor(shape: [3, 64], scalars: (0..<192).map { _ in g.nextNormal() })
    let once = NF4Matrix(quantizing: r)
    #expect(NF4Matrix(quantizing: once.dequantized()) == once)
  }
}
