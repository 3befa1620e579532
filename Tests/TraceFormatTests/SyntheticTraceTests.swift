import Testing
import TraceFormat

struct DensityCase: Sendable, CustomStringConvertible {
  var density: Double
  var blockCorrelation: Double
  var blockSize: Int
  var description: String { "p=\(density) c=\(blockCorrelation) g=\(blockSize)" }
}

let densityCases: [DensityCase] = [
  DensityCase(density: 0.05, blockCorrelation: 0, blockSize: 1),
  DensityCase(density: 0.3, blockCorrelation: 0, blockSize: 4),
  DensityCase(density: 0.5, blockCorrelation: 0, blockSize: 4),
  DensityCase(density: 0.9, blockCorrelation: 0, blockSize: 16),
  DensityCase(density: 0.3, blockCorrelation: 0.5, blockSize: 4),
  DensityCase(density: 0.2, blockCorrelation: 0.6, blockSize: 7),
  DensityCase(density: 0.5, blockCorrelation: 0.5, blockSize: 64),
  DensityCase(density: 0.1, blockCorrelation: 0.3, blockSize: 100),
]

/// Element, block and union densities of generated traces match the documented model.
@Test(arguments: densityCases)
func syntheticDensitiesMatchTheModel(_ testCase: DensityCase) {
  let spec = SyntheticTraceSpec(
    model: ModelDimensions(layers: 2, hidden: 64, intermediate: 1536, heads: 4), sequences: 40,
    tokenCounts: 20...30, density: testCase.density, blockCorrelation: testCase.blockCorrelation,
    blockSize: testCase.blockSize, seed: 11)
  let trace = SyntheticTrace(spec)
  var summary = TraceSummary(
    layers: 2, units: 1536, blockSizes: [testCase.blockSize], tileTokens: [8])
  for index in 0..<spec.sequences { summary.add(trace.record(at: index)) }
  // ~ 2 * 40 * 25 * 1536 = 3 M elements: sampling error well below 0.005.
  #expect(abs(summary.density - testCase.density) < 0.005, "element density \(summary.density)")
  for layer in summary.layers {
    let blocks = layer.blocks[0]
    if 1536 % testCase.blockSize == 0 {
      #expect(
        abs(blocks.density - spec.expectedBlockDensity) < 0.01,
        "block density \(blocks.density) vs \(spec.expectedBlockDensity)")
    }
    // Units are independent across tokens; the last tile of a sequence is short, so compare with
    // the bounds of full tiles and single tokens.
    let union = layer.unions[0].density
    #expect(union <= spec.expectedUnionDensity(tileTokens: 8) + 0.01)
    #expect(union >= testCase.density - 0.01)
  }
}

@Test func tokenCountsStayInRangeAndRecordsAreOrderIndependent() {
  let spec = smallSpec(layers: 1, intermediate: 64, sequences: 200, tokens: 3...7)
  let trace = SyntheticTrace(spec)
  let counts = (0..<200).map { trace.record(at: $0).tokenCount }
  #expect(counts.allSatisfy { (3...7).contains($0) })
  #expect(Set(counts) == Set(3...7))
  #expect(trace.record(at: 150) == SyntheticTrace(spec).record(at: 150))
  #expect(trace.record(at: 150).sequenceIndex == 150)
}

@Test func valuesAreNonZeroAndOnePerNonZeroActivation() throws {
  let record = SyntheticTrace(smallSpec(layers: 3, tokens: 5...5, density: 0.4, values: true))
    .record(at: 2)
  let values = try #require(record.values)
  #expect(values.count == 3)
  for (mask, layerValues) in zip(record.masks, values) {
    #expect(layerValues.count == mask.nonZeroCount)
    #expect(layerValues.allSatisfy { $0 != 0 && $0 != Int8.min })
  }
}

@Test func specProblemsAreAllReported() {
  var spec = smallSpec(density: 0.8)
  spec.blockCorrelation = 0.5
  spec.blockSize = 0
  spec.model.heads = 5
  #expect(
    spec.problems == [
      "heads must be >= 1 and divide hidden (got 5, hidden 32)",
      "density 0.8 is impossible with block correlation 0.5: silent blocks leave at most 0.5 of the units non-zero",
      "block size must be >= 1 (got 0)",
    ])
  #expect(smallSpec().problems.isEmpty)
}

@Test func splitMix64MatchesTheReferenceSequence() {
  // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
  var rng = SplitMix64(seed: 0)
  #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
  #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
  #expect(rng.next() == 0x06C4_5D18_8009_454F)
}
