import ArgumentParser
import Foundation
import Model
import TensorCore
import TraceFormat
import Training

/// `deft-sim demo`: the main job. For now it encodes SST-2 dev sentences with the pretrained
/// model and prints the per-layer density of the MLP activations under each zero definition.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Encode SST-2 dev sentences and print per-layer MLP activation density.",
    discussion: """
      Density is the fraction of MLP intermediate activations (after GELU) of real tokens that
      are non-zero, under each zero definition: exact (a != 0), |a| > 1e-3, |a| > 1e-2, and
      int8 with a per-layer scale calibrated on the same sentences (max |a| / 127).
      """)

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions

  @Option(help: "SST-2 dev sentences to encode (0 = all 872).") var sentences = 0
  @Option(help: "Maximum tokens per sentence.") var maxLength = 64
  @Option(help: "Worker threads.") var threads = 2

  func run() throws {
    BLAS.setThreadCount(1)
    let loaded = try model.load()
    var texts = try data.sst2DevSentences()
    if sentences > 0 { texts = Array(texts.prefix(sentences)) }
    let c = loaded.config
    print(
      "deft-sim demo: \(loaded.directory) (\(c.numHiddenLayers) layers, hidden \(c.hiddenSize), "
        + "intermediate \(c.intermediateSize)); \(texts.count) SST-2 dev sentences, "
        + "≤ \(maxLength) tokens")
    let batches = stride(from: 0, to: texts.count, by: 32).map { start in
      PackedBatch(
        texts[start..<min(start + 32, texts.count)].map {
          loaded.tokenizer.encode($0, nil, maxLength: maxLength)
        })
    }
    var calibrator = ScaleCalibrator(layerCount: c.numHiddenLayers)
    var progress = ProgressBar(label: "calibrate", total: batches.count)
    for (i, batch) in batches.enumerated() {
      let out = loaded.encoder.forward(batch, threads: threads)
      for (l, a) in out.mlpActivations.enumerated() {
        calibrator.observe(layer: l, activations: a.scalars)
      }
      progress.update(i + 1)
    }
    let definitions: [ZeroDefinition] = [
      .exact, .threshold(1e-3), .threshold(1e-2), calibrator.zeroDefinition(bits: 8),
    ]
    var counter = DensityCounter(
      layerCount: c.numHiddenLayers, units: c.intermediateSize, definitions: definitions)
    progress = ProgressBar(label: "measure  ", total: batches.count)
    for (i, batch) in batches.enumerated() {
      let out = loaded.encoder.forward(batch, threads: threads)
      for (l, a) in out.mlpActivations.enumerated() {
        counter.add(layer: l, activations: a.scalars)
      }
      progress.update(i + 1)
    }
    print("\nPer-layer MLP activation density (% non-zero, real tokens only):")
    print("layer   a≠0   |a|>1e-3  |a|>1e-2   int8")
    for l in 0..<c.numHiddenLayers {
      let cols = definitions.indices.map {
        String(format: "%7.2f", 100 * counter.density(layer: l, definition: $0))
      }
      print(String(format: "%5d ", l) + cols.joined(separator: "  "))
    }
    let all = definitions.indices.map {
      String(format: "%7.2f", 100 * counter.overallDensity(definition: $0))
    }
    print("  all " + all.joined(separator: "  "))
  }
}
