import Foundation
import Simulator
import Testing
import TraceFormat

/// `mapping.fusedMLP` (docs/simulator-model.md, "Fused MLP"): off by default and absent from
/// written configs; on, when a batch's intermediate fits the ifmap buffer, mlp-up (and a gated
/// MLP's mlp-gate) write nothing to DRAM and mlp-down reads only its weights; otherwise the MLP
/// runs unfused, bit for bit.
@Suite struct FusedMLPTests {
  static func fused(_ config: HardwareConfig) -> HardwareConfig {
    var copy = config
    copy.mapping.fusedMLP = true
    return copy
  }

  @Test func offByDefaultAndWrittenOnlyWhenOn() throws {
    let plain = String(decoding: try JSONEncoder().encode(makeConfig()), as: UTF8.self)
    #expect(!plain.contains("fusedMLP"))
    let on = try JSONEncoder().encode(Self.fused(makeConfig()))
    #expect(try JSONDecoder().decode(HardwareConfig.self, from: on).mapping.fusedMLP)
  }

  /// Version 1, D 16, F 64: mlp-down of a fused batch reads only W2 (64 × 16 = 1,024 B per
  /// batch: it fits the filter buffer), mlp-up writes nothing; the dense baseline fuses too.
  @Test func versionOneIntermediateStaysOnChip() throws {
    let header = makeHeader()
    var rng = SeededRandom(seed: 4)
    let records = randomRecords(header: header, sequences: 4, maxTokens: 6, density: 0.3, rng: &rng)
    let base = makeConfig(mode: .skip, lanes: 4, format: .bitmask)
    for analysis in [MaskAnalysisMode.fast, .reference] {
      let result = try replay(
        records, header: header, config: Self.fused(base), analysis: analysis, batch: 2)
      for layer in result.layers {
        let up = try #require(layer.gemms.first { $0.name == "mlp-up" })
        let down = try #require(layer.gemms.first { $0.name == "mlp-down" })
        let denseDown = try #require(layer.denseGemms.first { $0.name == "mlp-down" })
        #expect(up.counts.dramWriteBytes == 0)
        #expect(down.counts.dramReadBytes <= 2 * 64 * 16)  // two batches, union rows only
        #expect(denseDown.counts.dramReadBytes == 2 * 64 * 16)
      }
      // Too small an ifmap buffer (0.25 KiB, half usable: 128 B < one token × 256 units):
      // unfused, bit for bit.
      let wide = makeHeader(intermediate: 256)
      var wideRng = SeededRandom(seed: 5)
      let wideRecords = randomRecords(
        header: wide, sequences: 3, maxTokens: 4, density: 0.3, rng: &wideRng)
      let tiny = makeConfig(
        mode: .skip, lanes: 4, format: .bitmask,
        sram: .perOperand(ifmapKiB: 0.25, filterKiB: 64, ofmapKiB: 64))
      #expect(
        try replay(wideRecords, header: wide, config: Self.fused(tiny), analysis: analysis).total
          == replay(wideRecords, header: wide, config: tiny, analysis: analysis).total)
    }
  }

  /// A gated decoder (the tiny decoder of `DecoderReplayTests`): mlp-gate and mlp-up write
  /// nothing, mlp-down reads its 64 B of weights per run.
  @Test func gatedDecoderIntermediateStaysOnChip() throws {
    let records = [
      TraceRecord.prefill(sequenceIndex: 0, masks: [DecoderReplayTests.mask([[1], [2, 3]])]),
      TraceRecord.decode(
        sequenceIndex: 0, cachedTokens: 2, masks: [DecoderReplayTests.mask([[0, 1], [5]])]),
    ]
    let config = Self.fused(makeConfig(mode: .skip, lanes: 4, foldCompaction: true))
    let result = try DecoderReplayTests.replay(
      records, architecture: DecoderReplayTests.tinyDecoder(), config: config)
    let gate = try #require(DecoderReplayTests.gemm(result, "mlp-gate"))
    let up = try #require(DecoderReplayTests.gemm(result, "mlp-up"))
    let down = try #require(result.layers[0].denseGemms.first { $0.name == "mlp-down" })
    #expect(gate.dramWriteBytes == 0 && up.dramWriteBytes == 0)
    #expect(down.counts.dramReadBytes == 3 * 64)  // one prefill run, two decode steps
  }
}
