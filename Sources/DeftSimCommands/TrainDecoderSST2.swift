import ArgumentParser
import AtomicOutput
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim train --model smollm2 --task sst2`: LoRA (q, k, v, o, gate, up, down) or, with
/// `--method prompt`, prompt tuning (`--prompt-tokens` soft-prompt vectors, written to
/// RUN/prompt.safetensors) on SST-2 as label-word classification, optionally with the DEFT
/// density loss, then the dev evaluation of `deft-sim eval --model smollm2 --task sst2` with the
/// adapters merged or the soft prompt before every review.
extension Train {
  func runDecoderSST2() throws {
    BLAS.setThreadCount(1)
    let llm = try LlamaModel.load(try DecoderLocator.resolve(model.model))
    let directory = try data.directory()
    let train = try GLUEReader.read(.sst2, split: .train, dataDirectory: directory)
    let dev = try GLUEReader.read(.sst2, split: .dev, dataDirectory: directory)
    var t = DecoderSST2Training.Options()
    t.steps = options.maxSteps ?? 100
    t.rank = options.loraRank
    t.alpha = options.loraAlpha
    t.learningRate = options.learningRate
    t.densityWeight = options.deft ? options.densityWeight : 0
    t.densityEpsilon = options.densityEps
    t.seed = options.seed
    t.promptTokens = options.promptTokens
    var e = DecoderSST2Evaluation.Options()
    e.examples = options.evalLimit
    e.quantizationBits = evaluation.quantizationBits
    e.tracePath = noTrace ? nil : (traceOut ?? out + "/trace.zst")
    e.toolVersion = ToolVersion.current
    e.provenance = [
      "command": RunProvenance.command(CommandLine.arguments), "model": "smollm2",
    ]
    if let targetDensity {
      e.targetDensity = targetDensity
      e.traceZero = "density"
    } else {
      e.traceZero = evaluation.traceZero
    }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let start = Date()
    let report = Self.decoderStepPrinter(start: start)
    let trained: LlamaModel
    let log: [DecoderTrainingLog]
    if options.method == "prompt" {
      let (prompt, promptLog) = try DecoderSST2PromptTraining.train(
        model: llm, train: train, options: t, progress: report)
      (trained, log) = (llm, promptLog)
      e.softPrompt = prompt
      try DecoderPromptFile.write(prompt, to: out + "/prompt.safetensors")
    } else {
      (trained, log) = try DecoderSST2Training.train(
        model: llm, train: train, options: t, progress: report)
    }
    let trainSeconds = Date().timeIntervalSince(start)
    let result = try DecoderSST2Evaluation.run(
      model: trained, dev: dev, calibration: train, options: e)
    var lines = [String(format: "trained %d steps in %.0f s", log.count, trainSeconds)]
    lines += DecoderSST2Report.lines(result)
    print(lines.joined(separator: "\n"))
    var object = DecoderSST2Report.object(result)
    object["steps"] = log.count
    object["method"] = options.method
    if let prompt = e.softPrompt {
      object.merge(DecoderPromptFile.metricsEntries(prompt)) { _, new in new }
    }
    object["train_seconds"] = trainSeconds
    object["task_loss"] = log.map(\.taskLoss)
    object["density_loss"] = log.map(\.densityLoss)
    let json = try JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try AtomicFile.write(json, to: metricsOut ?? out + "/metrics.json")
  }
}
