import Testing
import TraceFormat
import Training

@Suite struct DensityCounterTests {
  // 2 tokens x 4 units
  let layer0: [Float] = [0, 0.0005, -0.02, 1.0, 0.004, -0.0, 0.3, -0.06]

  @Test func perDefinitionCounts() {
    let scale: Float = 0.01  // int8 zero when |a| / 0.01 rounds to 0, i.e. |a| <= 0.005
    var counter = DensityCounter(
      layerCount: 2, units: 4,
      definitions: [
        .exact, .threshold(1e-3), .threshold(1e-2), .quantized(bits: 8, scales: [scale, 1]),
      ])
    counter.add(layer: 0, activations: layer0)
    counter.add(layer: 1, activations: [0.4, 0.6, -0.5, 2])
    // exact: 6 non-zero of 8; > 1e-3: 5; > 1e-2: 4; int8: 0.004 and 0.0005 are zero -> 4
    #expect((0..<4).map { counter.nonZeroCount(layer: 0, definition: $0) } == [6, 5, 4, 4])
    #expect(counter.density(layer: 0, definition: 0) == 0.75)
    // layer 1 with scale 1: 0.4 and -0.5 round to 0 (half to even), 0.6 and 2 do not.
    #expect(counter.nonZeroCount(layer: 1, definition: 3) == 2)
    #expect(counter.tokenCounts == [2, 1])
    #expect(counter.overallDensity(definition: 3) == 6.0 / 12)
    let report = counter.report()
    #expect(report.entries.map(\.label) == ["exact", "|a|>0.001", "|a|>0.01", "int8"])
    #expect(report.entries[0].perLayerDensity == [0.75, 1])
    #expect(report.entries[3].overallDensity == 0.5)
    #expect(report.entries[0].perLayerBlockDensity == nil)
  }

  /// The counter agrees with `ZeroDefinition.isNonZero` element by element on random data,
  /// including values right at the quantisation boundary.
  @Test func agreesWithZeroDefinition() {
    var state: UInt64 = 12345
    func nextFloat() -> Float {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23) * 0.05
    }
    let units = 96
    var values = (0..<(units * 37)).map { _ in nextFloat() }
    let scale: Float = 0.05 / 127
    for i in 0..<200 {  // exact half-step boundaries and their neighbours
      let half = scale * 0.5
      values[i * 7] = [half, half.nextUp, half.nextDown, -half, -half.nextUp][i % 5]
    }
    let definitions: [ZeroDefinition] = [
      .exact, .threshold(1e-3), .threshold(1e-2), .quantized(bits: 8, scales: [scale]),
      .quantized(bits: 4, scales: [0.05 / 7]),
    ]
    var counter = DensityCounter(
      layerCount: 1, units: units, definitions: definitions, blockUnits: 8, tileTokens: 4)
    counter.add(layer: 0, activations: values)
    for (k, d) in definitions.enumerated() {
      let expected = values.filter { d.isNonZero($0, layer: 0) }.count
      #expect(counter.nonZeroCount(layer: 0, definition: k) == expected, "\(d.label)")
      // blocks of 8 units: non-zero when any member is
      var blocks = 0
      for t in 0..<37 {
        for b in 0..<(units / 8)
        where (0..<8).contains(where: { u in
          d.isNonZero(values[t * units + b * 8 + u], layer: 0)
        }) { blocks += 1 }
      }
      #expect(counter.blockDensity(layer: 0, definition: k) == Double(blocks) / Double(37 * 12))
      // tiles of 4 tokens (10 tiles, the last with 1 token): union over the tile's tokens
      var tileUnits = 0
      for tile in stride(from: 0, to: 37, by: 4) {
        for u in 0..<units
        where (tile..<min(tile + 4, 37)).contains(where: { t in
          d.isNonZero(values[t * units + u], layer: 0)
        }) { tileUnits += 1 }
      }
      #expect(
        counter.tileDensity(layer: 0, definition: k) == Double(tileUnits) / Double(10 * units))
    }
  }

  @Test func partialBlocksAndEmptyInput() {
    var counter = DensityCounter(
      layerCount: 1, units: 5, definitions: [.exact], blockUnits: 4, tileTokens: 2)
    counter.add(layer: 0, activations: [])
    #expect(counter.density(layer: 0, definition: 0) == 0)
    counter.add(layer: 0, activations: [0, 0, 0, 0, 1])  // blocks [0,0,0,0] [1]
    #expect(counter.blockDensity(layer: 0, definition: 0) == 0.5)
    #expect(counter.tileDensity(layer: 0, definition: 0) == 0.2)
  }

  @Test func quantizedThresholdMatchesRounding() {
    for scale: Float in [1, 0.1, 3e-5, 0.0123, 7.77] {
      let t = DensityThreshold.quantizedThreshold(scale: scale)
      #expect((t / scale).rounded(.toNearestOrEven) == 0)
      #expect((t.nextUp / scale).rounded(.toNearestOrEven) != 0)
    }
    #expect(DensityThreshold.quantizedThreshold(scale: 0) == .infinity)
  }
}

@Suite struct ScaleCalibratorTests {
  @Test func symmetricScales() {
    var calibrator = ScaleCalibrator(layerCount: 2)
    calibrator.observe(layer: 0, activations: [0.1, -2.54, 1.0])
    calibrator.observe(layer: 0, activations: (0..<100).map { Float($0) / 100 })
    calibrator.observe(layer: 1, activations: [0.5, .nan, -0.25])
    #expect(calibrator.maxAbsPerLayer == [2.54, 0.5])
    #expect(calibrator.scales(bits: 8) == [2.54 / 127, 0.5 / 127])
    #expect(ScaleCalibrator.scale(maxAbs: 7, bits: 4) == 1)
    #expect(
      calibrator.zeroDefinition(bits: 8) == .quantized(bits: 8, scales: [2.54 / 127, 0.5 / 127]))
  }
}
