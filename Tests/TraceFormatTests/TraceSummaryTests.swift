import Testing
import TraceFormat

/// Bit-by-bit reference for the word-wise density kernels.
private func referenceCounts(_ mask: ActivationMask, blockSize: Int, tileTokens: Int) -> (Int, Int)
{
  var blocks = 0
  for token in 0..<mask.tokenCount {
    for start in stride(from: 0, to: mask.units, by: blockSize)
    where (start..<min(start + blockSize, mask.units)).contains(where: {
      mask.isNonZero(token: token, unit: $0)
    }) {
      blocks += 1
    }
  }
  var unions = 0
  for first in stride(from: 0, to: mask.tokenCount, by: tileTokens) {
    for unit in 0..<mask.units
    where (first..<min(first + tileTokens, mask.tokenCount)).contains(where: {
      mask.isNonZero(token: $0, unit: unit)
    }) {
      unions += 1
    }
  }
  return (blocks, unions)
}

@Test(arguments: [1, 2, 3, 4, 7, 8, 64, 100, 128])
func densityKernelsMatchTheBitByBitReference(blockSize: Int) {
  for units in [1, 63, 100, 192] {
    for density in [0.05, 0.5] {
      let spec = SyntheticTraceSpec(
        model: ModelDimensions(layers: 1, hidden: 8, intermediate: units, heads: 1), sequences: 1,
        tokenCounts: 0...13, density: density, blockCorrelation: 0.3, blockSize: 3,
        seed: UInt64(units))
      for index in 0..<4 {
        let mask = SyntheticTrace(spec).record(at: index).masks[0]
        for tile in [1, 2, 5] {
          let (blocks, unions) = referenceCounts(mask, blockSize: blockSize, tileTokens: tile)
          #expect(
            MaskDensity.nonZeroBlocks(mask, blockSize: blockSize) == blocks,
            "U=\(units) g=\(blockSize)")
          #expect(
            MaskDensity.nonZeroUnitTiles(mask, tileTokens: tile) == unions, "U=\(units) t=\(tile)")
        }
      }
    }
  }
}

@Test func summaryFromAReaderCountsEveryLayer() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let spec = smallSpec(layers: 3, intermediate: 100, sequences: 7, tokens: 1...9, density: 0.4)
  let trace = SyntheticTrace(spec)
  let path = directory.file("s.trace")
  try trace.write(to: path)
  let summary = try TraceSummary.compute(
    reader: TraceReader(path: path), blockSizes: [1, 4], tileTokens: [1, 4])
  let records = (0..<7).map { trace.record(at: $0) }
  #expect(summary.recordCount == 7)
  #expect(summary.tokenCount == records.reduce(0) { $0 + $1.tokenCount })
  for layer in 0..<3 {
    let masks = records.map { $0.masks[layer] }
    let nonZero = masks.reduce(0) { $0 + $1.nonZeroCount }
    let elements = summary.tokenCount * 100
    let entry = summary.layers[layer]
    #expect(entry.nonZeroElements == nonZero && entry.elements == elements)
    #expect(entry.blocks[0].density == entry.density)
    #expect(entry.unions[0].density == entry.density)
    let blocks4 = masks.reduce(0) { $0 + referenceCounts($1, blockSize: 4, tileTokens: 4).0 }
    let unions4 = masks.reduce(0) { $0 + referenceCounts($1, blockSize: 4, tileTokens: 4).1 }
    #expect(
      entry.blocks[1].nonZeroBlocks == blocks4 && entry.blocks[1].blocks == summary.tokenCount * 25)
    #expect(entry.unions[1].nonZeroUnitTiles == unions4)
  }
}
