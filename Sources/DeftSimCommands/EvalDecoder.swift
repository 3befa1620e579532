import ArgumentParser
import AtomicOutput
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim eval --model smollm2`: SQuAD v1.1 as generation on the held-out articles.
extension Eval {
  func runDecoder() throws {
    BLAS.setThreadCount(threads)
    let llm = try LlamaModel.load(try DecoderLocator.resolve(model.model))
    let dataset = try SQuADReader.readDev(dataDirectory: try data.directory())
    var options = DecoderSQuADEvaluation.Options()
    options.examples = evalLimit ?? 50
    options.maxNewTokens = maxNewTokens
    options.quantizationBits = evaluation.quantizationBits
    options.tracePath = traceOut
    options.softPrompt = try softPrompt.map { path throws(CheckpointError) in
      try DecoderPromptFile.read(path: path, hidden: llm.config.hidden)
    }
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
      options.traceZero = evaluation.traceZero.hasPrefix("int") ? "int" : evaluation.traceZero
    }
    let bars = ProgressBars()
    let start = Date()
    let result = try DecoderSQuADEvaluation.run(model: llm, dataset: dataset, options: options) {
      bars.update("generating", done: $0, total: $1)
    }
    let seconds = Date().timeIntervalSince(start)
    var lines = DecoderEvalReport.lines(result, seconds: seconds)
    if let traceOut { lines.append("trace (\(result.traceDefinition)): \(traceOut)") }
    print(lines.joined(separator: "\n"))
    if let metricsOut {
      let object: [String: Any] = [
        "exact_match": result.score.exactMatchPercent, "f1": result.score.f1Percent,
        "questions": result.score.questionCount, "skipped": result.skipped,
        "density_prefill": Dictionary(
          uniqueKeysWithValues: zip(result.densityLabels, result.prefillDensity)),
        "density_decode": Dictionary(
          uniqueKeysWithValues: zip(result.densityLabels, result.decodeDensity)),
      ]
      let json = try JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
      try AtomicFile.write(json, to: metricsOut)
    }
  }
}
