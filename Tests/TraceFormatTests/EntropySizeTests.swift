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
