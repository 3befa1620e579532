import ArgumentParser
import AtomicOutput
import Foundation
import Model
import TensorCore
import Training

/// `deft-sim train --model smollm2 --task squad`: LoRA (q, k, v, o, gate, up, down) or, with
/// `--method prompt`, prompt tuning (soft prompt in RUN/prompt.safetensors) on SQuAD as
/// generation, optionally with the DEFT density loss on silu(W_gate x), then the held-out
/// evaluation of `deft-sim eval --model smollm2` with the adapters merged or the soft prompt
/// before every prompt.
extension Train {
  func runDecoder() throws {
    guard options.task == "squad" || options.task == "sst2" else {
      throw ValidationError(
        "a decoder (--model smollm2) trains on --task squad or sst2, got '\(options.task)'")
    }
    guard options.method == "lora" || options.method == "prompt" else {
      throw ValidationError(
        "a decoder (--model smollm2) trains with --method lora or prompt, got '\(options.method)'")
    }
    if options.method == "prompt" && !DecoderSoftPrompt.countLimit.contains(options.promptTokens) {
      throw ValidationError(
        "a decoder's soft prompt has --prompt-tokens in \(DecoderSoftPrompt.countLimit) vectors, "
          + "got \(options.promptTokens)")
    }
    if options.task == "sst2" {
      try runDecoderSST2()
      return
    }
    BLAS.setThreadCount(1)
    let llm = try LlamaModel.load(try DecoderLocator.resolve(model.model))
    let dataset = try SQuADReader.readDev(dataDirectory: try data.directory())
    var t = DecoderSQuADTraining.Options()
    t.steps = options.maxSteps ?? 30
    t.rank = options.loraRank
    t.alpha = options.loraAlpha
    t.learningRate = options.learningRate
    t.densityWeight = options.deft ? options.densityWeight : 0
    t.densityEpsilon = options.densityEps
    t.seed = options.seed
    t.promptTokens = options.promptTokens
    t.split.examples = options.evalLimit ?? 40
    t.split.quantizationBits = evaluation.quantizationBits
    t.split.tracePath = noTrace ? nil : (traceOut ?? out + "/trace.zst")
    if let targetDensity { t.split.targetDensity = targetDensity }
    t.split.toolVersion = ToolVersion.current
    t.split.provenance = [
      "command": RunProvenance.command(CommandLine.arguments), "model": "smollm2",
    ]
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let start = Date()
    let report = Self.decoderStepPrinter(start: start)
    let trained: LlamaModel
    let log: [DecoderTrainingLog]
    if options.method == "prompt" {
      let (prompt, promptLog) = try DecoderSQuADPromptTraining.train(
        model: llm, dataset: dataset, options: t, progress: report)
      (trained, log) = (llm, promptLog)
      t.split.softPrompt = prompt
      try DecoderPromptFile.write(prompt, to: out + "/prompt.safetensors")
    } else {
      (trained, log) = try DecoderSQuADTraining.train(
        model: llm, dataset: dataset, options: t, progress: report)
    }
    let trainSeconds = Date().timeIntervalSince(start)
    let evalStart = Date()
    let result = try DecoderSQuADEvaluation.run(model: trained, dataset: dataset, options: t.split)
    var lines = [String(format: "trained %d steps in %.0f s", log.count, trainSeconds)]
    lines += DecoderEvalReport.lines(result, seconds: Date().timeIntervalSince(evalStart))
    print(lines.joined(separator: "\n"))
    var object: [String: Any] = [
      "method": options.method,
      "exact_match": result.score.exactMatchPercent, "f1": result.score.f1Percent,
      "questions": result.score.questionCount, "steps": log.count,
      "train_seconds": trainSeconds, "task_loss": log.map(\.taskLoss),
      "density_loss": log.map(\.densityLoss),
      "density_prefill": Dictionary(
        uniqueKeysWithValues: zip(result.densityLabels, result.prefillDensity)),
      "density_decode": Dictionary(
        uniqueKeysWithValues: zip(result.densityLabels, result.decodeDensity)),
    ]
    if let prompt = t.split.softPrompt {
      object.merge(DecoderPromptFile.metricsEntries(prompt)) { _, new in new }
    }
    let json = try JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try AtomicFile.write(json, to: metricsOut ?? out + "/metrics.json")
  }

  /// Prints one line per decoder training step (SQuAD and SST-2 alike).
  static func decoderStepPrinter(start: Date) -> (DecoderTrainingLog) -> Void {
    {
      print(
        String(
          format: "step %3d  task loss %.4f  density loss %.4f  density(|a|>√ε) %.3f  %.0f s",
          $0.step, $0.taskLoss, $0.densityLoss, $0.density, Date().timeIntervalSince(start)))
    }
  }
}
