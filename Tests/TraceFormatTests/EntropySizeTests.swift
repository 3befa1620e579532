import Foundation
import Testing
import TraceFormat

/// Acceptance: for uncorrelated random masks the file is within 1.1x of the binary entropy bound
/// tokens * units * layers * H(p) / 8 bytes (header, framing and end marker included).
@Test(arguments: [0.05, 0.1, 0.3, 0.5, 0.7, 0.9])
func traceSizeIsWithinTenPercentOfEntropy(density: Double) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let spec = SyntheticTraceSpec(
    model: ModelDimensions(layers: 6, hidden: 384, intermediate: 1536, heads: 12),
    sequences: 200, tokenCounts: 25...25, density: density, seed: 42)
  let path = directory.file("entropy.trace")
  let bytes = try SyntheticTrace(spec).write(to: path)
  let bound = 200.0 * 25 * 6 * 1536 * binaryEntropy(density) / 8
  let ratio = Double(bytes) / bound
  print("density \(density): \(bytes) bytes, entropy bound \(Int(bound)), ratio \(ratio)")
  #expect(ratio < 1.1, "density \(density): \(bytes) bytes is \(ratio)x the entropy bound")
}

/// Layers of very different densities in one record (as in real traces) stay within 1.1x of the
/// sum of the layers' entropy bounds.
@Test(arguments: [
  [0.05, 0.2, 0.5, 0.75, 0.9, 0.99], [0.75, 0.6, 0.5, 0.35, 0.25, 0.2],
  [0.15, 0.85, 0.15, 0.85, 0.5, 0.12],
])
func mixedLayerDensitiesStayNearEntropy(densities: [Double]) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let sources = densities.enumerated().map { layer, density in
    SyntheticTrace(
      SyntheticTraceSpec(
        model: ModelDimensions(layers: 1, hidden: 384, intermediate: 1536, heads: 12),
        sequences: 100, tokenCounts: 25...25, density: density, seed: UInt64(layer)))
  }
  let header = TraceHeader(
    model: ModelDimensions(layers: densities.count, hidden: 384, intermediate: 1536, heads: 12))
  let path = directory.file("mixed.trace")
  let writer = try TraceWriter(path: path, header: header)
  for index in 0..<100 {
    try writer.append(
      TraceRecord(sequenceIndex: index, masks: sources.map { $0.record(at: index).masks[0] }))
  }
  try writer.finish()
  let bound = densities.reduce(0) { $0 + 100.0 * 25 * 1536 * binaryEntropy($1) / 8 }
  let ratio = Double(writer.byteCount) / bound
  print("densities \(densities): \(writer.byteCount) bytes, ratio \(ratio)")
  #expect(ratio < 1.1, "\(densities): \(ratio)x the entropy bound")
}
