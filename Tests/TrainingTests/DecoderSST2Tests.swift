import Foundation
import Model
import Testing
import TraceFormat
import Training

/// SST-2 as label-word classification on SmolLM2 (the GGUF fetched by `make model`): the label
/// tokens, a few dev reviews with a prefill-only trace, two LoRA steps, and bad input.
@Suite("Decoder SST-2", .serialized)
struct DecoderSST2Tests {
  static func model() throws -> LlamaModel {
    try LlamaModel(
      path: try DecoderLocator.resolve(nil, currentDirectory: SQuADFixtures.repoRoot.path))
  }

  /// One positive and one negative review, for the two-step training tests.
  static let twoReviews = [
    Example(textA: "a gorgeous , witty , seductive movie .", label: .classIndex(1)),
    Example(textA: "the movie is a dull mess .", label: .classIndex(0)),
  ]

  @Test("label words: one token each, negative 17728 and positive 16185")
  func labelTokens() throws {
    let model = try Self.model()
    #expect(try DecoderSST2Prompt.labelTokens(model) == [17728, 16185])
    #expect(model.tokenizer.encode("negative") == [17728])
    #expect(model.tokenizer.encode("positive") == [16185])
    // The prompt ends with the generation prompt, so the label word is the answer's first token.
    let ids = DecoderSST2Prompt.prompt(model, sentence: "a gorgeous film .")
    #expect(model.tokenizer.decode(Array(ids.suffix(3))).hasSuffix("assistant\n"))
  }

  @Test("prediction: the label whose token has the higher logit")
  func predict() {
    var logits = [Float](repeating: 0, count: 10)
    logits[3] = 2
    logits[7] = 1
    #expect(DecoderSST2Prompt.predict(logits: logits, labelTokens: [7, 3]) == 1)
    #expect(DecoderSST2Prompt.predict(logits: logits, labelTokens: [3, 7]) == 0)
  }

  @Test("four dev reviews: accuracy, prefill densities, a prefill-only version-2 trace")
  func evaluateFew() throws {
    let model = try Self.model()
    let data = testDataDirectory()
    let dev = try GLUEReader.read(.sst2, split: .dev, dataDirectory: data)
    #expect(dev.count == 872)
    let trace = try makeTemporaryDirectory() + "/sst2.trace"
    var options = DecoderSST2Evaluation.Options()
    options.examples = 4
    options.calibrationExamples = 2
    options.tracePath = trace
    let result = try DecoderSST2Evaluation.run(
      model: model, dev: dev, calibration: Array(dev.suffix(2)), options: options)
    #expect(result.count == 4 && result.skipped == 0)
    #expect((0...4).contains(result.correct))
    #expect(result.prefillDensity[0] == 1)  // SiLU is never exactly zero.
    let perLayer = result.densityLabels.firstIndex { $0.hasPrefix("per-layer") } ?? -1
    #expect(abs(result.prefillDensity[perLayer] - 0.5) < 0.15)
    let reader = try TraceReader(path: trace)
    var records = 0
    while let record = try reader.next() {
      #expect(record.phase == .prefill)
      records += 1
    }
    #expect(records == 4)
  }

  @Test("two LoRA steps with the density loss: finite losses, then the merged model evaluates")
  func trainTwoSteps() throws {
    let model = try Self.model()
    let examples = Self.twoReviews
    var options = DecoderSST2Training.Options()
    options.steps = 2
    options.rank = 2
    options.densityWeight = 1
    options.densityEpsilon = 1e-2
    let (trained, log) = try DecoderSST2Training.train(
      model: model, train: examples, options: options)
    #expect(log.count == 2)
    #expect(log.allSatisfy { $0.taskLoss.isFinite && $0.taskLoss > 0 && $0.densityLoss > 0 })
    var e = DecoderSST2Evaluation.Options()
    e.calibrationExamples = 1
    let result = try DecoderSST2Evaluation.run(
      model: trained, dev: examples, calibration: examples, options: e)
    #expect(result.count == 2)
  }

  @Test("two prompt-tuning steps: only the soft prompt moves, then it evaluates with the prompt")
  func promptTuningTwoSteps() throws {
    let model = try Self.model()
    let examples = Self.twoReviews
    var options = DecoderSST2Training.Options()
    options.steps = 2
    options.promptTokens = 3
    options.learningRate = 1e-2
    options.densityWeight = 1
    options.densityEpsilon = 1e-2
    let (prompt, log) = try DecoderSST2PromptTraining.train(
      model: model, train: examples, options: options)
    #expect(log.count == 2)
    #expect(log.allSatisfy { $0.taskLoss.isFinite && $0.taskLoss > 0 && $0.densityLoss > 0 })
    let initial = DecoderSoftPrompt(model: model, count: 3, seed: options.seed)
    #expect(prompt.count == 3 && prompt.initialTokens == initial.initialTokens)
    let moved = zip(prompt.vectors, initial.vectors).map { abs($0 - $1) }.max() ?? 0
    // Two Adam steps move each entry by at most about 2 · lr (√(a²/c + b²/d) ≈ 1.001 per step).
    #expect(moved > 1e-3 && moved <= 2.01 * 1e-2, "max |Δ| \(moved) after two Adam steps")
    var e = DecoderSST2Evaluation.Options()
    e.calibrationExamples = 1
    e.softPrompt = prompt
    let result = try DecoderSST2Evaluation.run(
      model: model, dev: examples, calibration: examples, options: e)
    #expect(result.count == 2 && result.skipped == 0)
  }

  @Test("evaluation with a soft prompt of token embeddings scores as the plain tokens would")
  func softPromptEvaluation() throws {
    let model = try Self.model()
    // The chat template's first token as the soft prompt: the review's prompt then starts with
    // it twice; the last-position logits equal those of the plain ids.
    let sentence = "the movie is a dull mess ."
    let ids = DecoderSST2Prompt.prompt(model, sentence: sentence)
    let t = Array(ids.prefix(2))
    let prompt = DecoderSoftPrompt(tokens: t, model: model)
    var cacheA = LlamaKVCache(config: model.config, capacity: t.count + ids.count)
    var cacheB = LlamaKVCache(config: model.config, capacity: t.count + ids.count)
    let a = model.decoder.forward(ids, prefix: prompt.vectors, cache: &cacheA)
    let b = model.decoder.forward(t + ids, cache: &cacheB)
    let h = model.config.hidden
    let la = model.decoder.logits(a[(a.count - h)...])
    let lb = model.decoder.logits(b[(b.count - h)...])
    let diff = zip(la, lb).map { abs($0 - $1) }.max() ?? .infinity
    #expect(diff <= 1e-4, "max |Δ logit| \(diff)")
    let labels = try DecoderSST2Prompt.labelTokens(model)
    #expect(
      DecoderSST2Prompt.predict(logits: la, labelTokens: labels)
        == DecoderSST2Prompt.predict(logits: lb, labelTokens: labels))
  }

  @Test("bad input: a label outside 0/1, no examples")
  func badInput() throws {
    let model = try Self.model()
    let bad = [Example(textA: "fine .", label: .classIndex(2), sourceLine: 7)]
    #expect(throws: DecoderTaskError.self) {
      try DecoderSST2Evaluation.run(
        model: model, dev: bad, calibration: [], options: .init())
    }
    do {
      _ = try DecoderSST2Evaluation.run(model: model, dev: bad, calibration: [], options: .init())
    } catch let error as DecoderTaskError {
      #expect(error.description.contains("line 7") && error.description.contains("0 or 1"))
    }
    #expect(throws: DecoderTaskError.self) {
      try DecoderSST2Evaluation.run(model: model, dev: [], calibration: [], options: .init())
    }
    #expect(throws: DecoderTaskError.self) {
      try DecoderSST2Training.train(model: model, train: [], options: .init())
    }
  }
}
