import Foundation
import Model
import Testing
import TraceFormat
import Training

/// SQuAD as generation on SmolLM2 (the GGUF fetched by `make model`), on two held-out examples
/// with short answers: scores, densities for prefill and decode, and the version-2 trace.
@Suite("Decoder SQuAD evaluation", .serialized)
struct DecoderSQuADEvaluationTests {
  @Test("two examples: EM/F1 in range, prefill and decode densities, prefill + decode records")
  func twoExamples() throws {
    let model = try LlamaModel(
      path: try DecoderLocator.resolve(nil, currentDirectory: SQuADFixtures.repoRoot.path))
    let dataset = try SQuADReader.readDev(dataDirectory: testDataDirectory())
    let trace = try makeTemporaryDirectory() + "/decoder.trace"
    var options = DecoderSQuADEvaluation.Options()
    options.examples = 2
    options.maxNewTokens = 3
    options.calibrationExamples = 1
    options.tracePath = trace
    let result = try DecoderSQuADEvaluation.run(model: model, dataset: dataset, options: options)
    #expect(result.score.questionCount == 2)
    #expect((0...100).contains(result.score.f1Percent))
    // Per-layer τ calibrated to density 0.5 on other articles lands near 0.5 on these.
    let perLayer = result.densityLabels.firstIndex { $0.hasPrefix("per-layer") } ?? -1
    #expect(abs(result.prefillDensity[perLayer] - 0.5) < 0.1)
    #expect(result.decodeDensity[perLayer] > 0.2 && result.decodeDensity[perLayer] < 0.8)
    #expect(result.prefillDensity[0] == 1)  // SiLU is never exactly zero.
    let reader = try TraceReader(path: trace)
    var phases: [TracePhase] = []
    var decodeTokens = 0
    while let record = try reader.next() {
      phases.append(record.phase)
      if record.phase == .decode { decodeTokens += record.masks.first?.tokenCount ?? 0 }
    }
    // Each example: a prefill record, then one decode record per token fed back (≤ 2).
    #expect(phases.filter { $0 == .prefill }.count == 2)
    #expect(decodeTokens == phases.filter { $0 == .decode }.count)
    #expect(decodeTokens >= 1 && decodeTokens <= 4)
  }

  @Test("two prompt-tuning steps, then a question answered after the soft prompt")
  func promptTuning() throws {
    let model = try LlamaModel(
      path: try DecoderLocator.resolve(nil, currentDirectory: SQuADFixtures.repoRoot.path))
    let dataset = try SQuADReader.readDev(dataDirectory: testDataDirectory())
    var options = DecoderSQuADTraining.Options()
    options.steps = 2
    options.promptTokens = 2
    options.learningRate = 1e-2
    options.maxTokens = 200
    let (prompt, log) = try DecoderSQuADPromptTraining.train(
      model: model, dataset: dataset, options: options)
    #expect(log.count == 2 && log.allSatisfy { $0.taskLoss.isFinite && $0.taskLoss > 0 })
    #expect(prompt != DecoderSoftPrompt(model: model, count: 2, seed: options.seed))
    let trace = try makeTemporaryDirectory() + "/prompt.trace"
    var e = DecoderSQuADEvaluation.Options()
    e.examples = 1
    e.maxNewTokens = 2
    e.calibrationExamples = 1
    e.tracePath = trace
    e.softPrompt = prompt
    let result = try DecoderSQuADEvaluation.run(model: model, dataset: dataset, options: e)
    #expect(result.score.questionCount == 1 && result.skipped == 0)
    let reader = try TraceReader(path: trace)
    let first = try reader.next()
    #expect(first?.phase == .prefill)
    // The prefill record covers the soft prompt's rows and the question's prompt.
    #expect((first?.masks.first?.tokenCount ?? 0) == 2 + result.promptTokens)
  }
}
