import ArgumentParser
import AtomicOutput
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim eval --model smollm2 --task sst2`: SST-2 as label-word classification on the dev set.
extension Eval {
  func runDecoderSST2() throws {
    BLAS.setThreadCount(threads)
    let llm = try LlamaModel.load(try DecoderLocator.resolve(model.model))
    let directory = try data.directory()
    let dev = try GLUEReader.read(.sst2, split: .dev, dataDirectory: directory)
    let train = try GLUEReader.read(.sst2, split: .train, dataDirectory: directory)
    var options = decoderSST2Options()
    options.softPrompt = try softPrompt.map { path throws(CheckpointError) in
      try DecoderPromptFile.read(path: path, hidden: llm.config.hidden)
    }
    let bars = ProgressBars()
    let result = try DecoderSST2Evaluation.run(
      model: llm, dev: dev, calibration: train, options: options
    ) { bars.update("classifying", done: $0, total: $1) }
    var lines = DecoderSST2Report.lines(result)
    if let traceOut { lines.append("trace (\(result.traceDefinition)): \(traceOut)") }
    print(lines.joined(separator: "\n"))
    if let metricsOut {
      let json = try JSONSerialization.data(
        withJSONObject: DecoderSST2Report.object(result), options: [.prettyPrinted, .sortedKeys])
      try AtomicFile.write(json, to: metricsOut)
    }
  }

  func decoderSST2Options() -> DecoderSST2Evaluation.Options {
    var options = DecoderSST2Evaluation.Options()
    options.examples = evalLimit
    options.quantizationBits = evaluation.quantizationBits
    options.tracePath = traceOut
    options.toolVersion = ToolVersion.current
    options.provenance = [
      "command": RunProvenance.command(CommandLine.arguments), "model": "smollm2",
    ]
    if let targetDensity {
      options.targetDensity = targetDensity
      options.traceZero = "density"
      options.provenance["zero_definition"] =
        "per-layer tau calibrated to gate density \(targetDensity), stored as quantized scales "
        + "2*tau (bits 32: not an integer datapath)"
    } else {
      options.traceZero = evaluation.traceZero
    }
    return options
  }
}
