import Foundation
import Simulator
import Testing
import TraceFormat

/// `mapping.residentWeights` (docs/simulator-model.md, "Resident weights"): off by default and
/// absent from written configs; on, a model that fits the filter buffer is loaded once
/// (`weights-load`) and no weight GEMM moves weight bytes again.
@Suite struct ResidentWeightsTests {
  static func resident(_ config: HardwareConfig) -> HardwareConfig {
    var copy = config
    copy.mapping.residentWeights = true
    return copy
  }

  @Test func offByDefaultAndWrittenOnlyWhenOn() throws {
    let config = makeConfig()
    #expect(!config.mapping.residentWeights)
    let plain = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
    #expect(!plain.contains("residentWeights"))
    let on = try JSONEncoder().encode(Self.resident(config))
    #expect(String(decoding: on, as: UTF8.self).contains("\"residentWeights\":true"))
    #expect(try JSONDecoder().decode(HardwareConfig.self, from: on).mapping.residentWeights)
  }

  /// The tiny decoder of `DecoderReplayTests` (D 8, H 2, KV 1, d 4, F 8, V 8): weights per layer
  /// qkv 8 × 16 + attention-output 8 × 8 + gate, up, down 3 × 64 = 384 B, the LM head 64 B:
  /// 448 B, loaded once. Every weight GEMM then reads no weight bytes: mlp-gate's DRAM reads drop
  /// by 64 B per run (its input still moves), attention's keys and values still stream.
  @Test func decoderWeightsAreLoadedOnce() throws {
    let records = [
      TraceRecord.prefill(sequenceIndex: 0, masks: [DecoderReplayTests.mask([[1], [2, 3]])]),
      TraceRecord.decode(
        sequenceIndex: 0, cachedTokens: 2, masks: [DecoderReplayTests.mask([[0], [5], [6]])]),
    ]
    let base = makeConfig(mode: .skip, lanes: 4, foldCompaction: true)
    let arch = DecoderReplayTests.tinyDecoder()
    let streamed = try DecoderReplayTests.replay(records, architecture: arch, config: base)
    let kept = try DecoderReplayTests.replay(
      records, architecture: arch, config: Self.resident(base))
    let load = try #require(DecoderReplayTests.gemm(kept, "weights-load"))
    #expect(load.dramReadBytes == 448 && load.macsComputed == 0)
    #expect(DecoderReplayTests.gemm(streamed, "weights-load") == nil)
    let runs = 4  // one prefill batch, three decode steps
    let gateStreamed = try #require(DecoderReplayTests.gemm(streamed, "mlp-gate"))
    let gateKept = try #require(DecoderReplayTests.gemm(kept, "mlp-gate"))
    #expect(gateStreamed.dramReadBytes - gateKept.dramReadBytes == 64 * runs)
    let scores = try #require(DecoderReplayTests.gemm(kept, "attention-scores"))
    let scoresStreamed = try #require(DecoderReplayTests.gemm(streamed, "attention-scores"))
    #expect(scores.dramReadBytes == scoresStreamed.dramReadBytes)
    #expect(kept.total.counts.macsComputed == streamed.total.counts.macsComputed)
    // The dense baseline keeps the weights too (the same buffers): a like-for-like speedup.
    let dense = try #require(kept.layers[0].denseGemms.first { $0.name == "weights-load" })
    #expect(dense.counts.dramReadBytes == 448)
  }

  /// A model larger than the filter buffer streams as before, bit for bit.
  @Test func aModelThatDoesNotFitStreams() throws {
    let header = makeHeader(layers: 2, hidden: 64, intermediate: 256, heads: 2)
    var rng = SeededRandom(seed: 9)
    let records = randomRecords(header: header, sequences: 3, maxTokens: 6, density: 0.4, rng: &rng)
    let small = makeConfig(
      mode: .skip, lanes: 4, sram: .perOperand(ifmapKiB: 64, filterKiB: 8, ofmapKiB: 64))
    #expect(
      try replay(records, header: header, config: Self.resident(small)).total
        == replay(records, header: header, config: small).total)
    // 2 layers × (64·192 + 64·64 + 2·64·256) = 98,304 B fit 128 KiB: loaded once.
    let big = makeConfig(
      mode: .skip, lanes: 4, sram: .perOperand(ifmapKiB: 64, filterKiB: 128, ofmapKiB: 64))
    let result = try replay(records, header: header, config: Self.resident(big))
    let load = try #require(result.layers[0].gemms.first { $0.name == "weights-load" })
    #expect(load.counts.dramReadBytes == 98_304)
  }
}
