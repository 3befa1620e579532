import Model
import TensorCore
import Testing

/// The encoder against Hugging Face goldens computed in float64.
@Suite struct GoldenEncoderTests {
  let model: PretrainedModel
  let cases: [GoldenCase]

  init() throws {
    model = try Fixtures.model()
    cases = try GoldenCase.all()
  }

  @Test func tokenIdsEqualGoldenExactly() {
    #expect(cases.count == 4)
    for c in cases {
      let e = model.tokenizer.encode(c.textA, c.textB)
      #expect(e.inputIds == c.inputIds, "\(c)")
      #expect(e.tokenTypeIds == c.tokenTypeIds, "\(c)")
      #expect(e.tokens == c.tokens, "\(c)")
    }
  }

  @Test func hiddenAndActivationsMatchGolden() {
    for c in cases {
      let e = model.tokenizer.encode(c.textA, c.textB)
      let out = model.encoder.forward(PackedBatch([e]))
      let d = model.config.hiddenSize
      let h = out.hidden.scalars
      let last = (e.count - 1) * d
      for j in 0..<8 {
        #expect(abs(Double(h[j]) - c.lastHiddenToken0First8[j]) <= 1e-4, "\(c) token0[\(j)]")
        #expect(
          abs(Double(h[last + j]) - c.lastHiddenLasttokenFirst8[j]) <= 1e-4, "\(c) last[\(j)]")
      }
      #expect(out.mlpActivations.count == model.config.numHiddenLayers)
      for (l, a) in out.mlpActivations.enumerated() {
        let sum = a.scalars.reduce(0.0) { $0 + Double($1) }
        let sumsq = a.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }
        let count = a.scalars.count { abs($0) > 1e-2 }
        #expect(abs(sum - c.mlpActSum[l]) <= 1e-3 * abs(c.mlpActSum[l]), "\(c) layer \(l) sum")
        #expect(abs(sumsq - c.mlpActSumsq[l]) <= 1e-3 * c.mlpActSumsq[l], "\(c) layer \(l) sumsq")
        let expected = Double(c.mlpActCountAbsGt1e2[l])
        #expect(abs(Double(count) - expected) <= 0.005 * expected, "\(c) layer \(l) count")
      }
    }
  }

  /// Padding never changes a real token's result: the four cases batched together (as a padded
  /// batch with an attention mask) equal one-at-a-time to 1e-5.
  @Test func paddedBatchEqualsOneAtATime() {
    let encodings = cases.map { model.tokenizer.encode($0.textA, $0.textB) }
    let width = encodings.map(\.count).max() ?? 0
    func pad(_ xs: [Int32]) -> [Int32] { xs + [Int32](repeating: 0, count: width - xs.count) }
    let batch = PackedBatch(
      paddedIds: encodings.map { pad($0.inputIds) },
      tokenTypeIds: encodings.map { pad($0.tokenTypeIds) },
      attentionMask: encodings.map { pad([Int32](repeating: 1, count: $0.count)) })
    let together = model.encoder.forward(batch)
    let d = model.config.hiddenSize
    let f = model.config.intermediateSize
    for (s, e) in encodings.enumerated() {
      let alone = model.encoder.forward(PackedBatch([e]))
      let o = batch.offsets[s]
      var maxDiff: Float = 0
      for i in 0..<e.count * d {
        maxDiff = max(maxDiff, abs(together.hidden.scalars[o * d + i] - alone.hidden.scalars[i]))
      }
      for l in 0..<alone.mlpActivations.count {
        for i in 0..<e.count * f {
          let diff =
            together.mlpActivations[l].scalars[o * f + i] - alone.mlpActivations[l].scalars[i]
          maxDiff = max(maxDiff, abs(diff))
        }
      }
      #expect(maxDiff <= 1e-5, "sequence \(s): max diff \(maxDiff)")
    }
  }
}
