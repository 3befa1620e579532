import Foundation
import Model
import TraceFormat

/// Zero-shot (or adapted) SQuAD v1.1 as generation on a chat decoder: the dev articles split
/// 80/20 by article (`SQuADDataset.split`), greedy answers on the held-out side scored with the
/// official normalisation, gate densities under several zero definitions for prefill and decode
/// separately, and optionally a version-2 trace (a prefill record and one decode record per
/// generated token of every example).
public struct DecoderSQuADEvaluation {
  public struct Options: Sendable {
    public var trainArticleFraction = 0.8
    public var splitSeed: UInt64 = 0
    public var examples = 50
    public var maxNewTokens = 24
    /// Longest prompt accepted; longer examples are skipped (counted as unanswered).
    public var maxPromptTokens = 512
    public var calibrationExamples = 4
    public var targetDensity = 0.5
    public var quantizationBits = 8
    /// `exact`, `threshold:τ`, `density:D` (per-layer τ) or `int` (int-N).
    public var traceZero = "density"
    public var tracePath: String?
    public var toolVersion = ""
    public var provenance: [String: String] = [:]
    /// A trained soft prompt (prompt tuning), placed before every prompt (calibration included).
    public var softPrompt: DecoderSoftPrompt?
    public init() {}
  }

  public struct Result: Sendable {
    public var score: SQuADScore
    public var densityLabels: [String]
    public var prefillDensity: [Double]
    public var decodeDensity: [Double]
    public var traceDefinition: String
    public var promptTokens = 0
    public var generatedTokens = 0
    public var prefillSeconds = 0.0
    public var decodeSeconds = 0.0
    public var skipped = 0
    public var samples: [(question: String, prediction: String, gold: String)] = []
  }

  /// Examples of the held-out articles, in file order.
  public static func heldOut(_ dataset: SQuADDataset, options: Options) throws -> SQuADSplit {
    try dataset.split(trainArticleFraction: options.trainArticleFraction, seed: options.splitSeed)
  }

  public static func run(
    model: LlamaModel, dataset: SQuADDataset, options: Options,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Result {
    let split = try heldOut(dataset, options: options)
    let prompt = { (e: SQuADExample) in
      model.encode(
        DecoderSQuADPrompt.userMessage(context: e.context, question: e.question), chat: true)
    }
    let calibrationPrompts = split.train.prefix(options.calibrationExamples).map(prompt)
      .filter { $0.count <= options.maxPromptTokens }
    let prefix = options.softPrompt?.vectors ?? []
    let calibration = DecoderZeroCalibration(
      model: model, prompts: calibrationPrompts, prefix: prefix)
    let zeros = DecoderZeroDefinitions(
      calibration: calibration, targetDensity: options.targetDensity,
      quantizationBits: options.quantizationBits, traceZero: options.traceZero)
    let definitions = zeros.all
    let traceDefinition = zeros.trace
    var counter = DecoderDensityCounter(definitions: definitions, layers: model.config.layers)
    let evaluation = Array(split.evaluation.prefix(options.examples))
    let recorder = try options.tracePath.map { path in
      try DecoderTraceRecorder(
        path: path, model: model, zeroDefinition: traceDefinition,
        task: TaskDescription(name: "squad", split: "dev held-out articles"),
        toolVersion: options.toolVersion, provenance: options.provenance)
    }
    var predictions: [String: String] = [:]
    var result = Result(
      score: SQuADScore(exactMatchPercent: 0, f1Percent: 0, questionCount: 0, unansweredCount: 0),
      densityLabels: definitions.map(\.label), prefillDensity: [], decodeDensity: [],
      traceDefinition: traceDefinition.label)
    for (index, example) in evaluation.enumerated() {
      progress(index, evaluation.count)
      let ids = prompt(example)
      guard ids.count <= options.maxPromptTokens else {
        result.skipped += 1
        continue
      }
      var phase = TracePhase.prefill
      var calls = 0
      var masks: [ActivationMask] = []
      var records: [(phase: TracePhase, masks: [ActivationMask])] = []
      let generation = Generation.greedy(
        model: model, prompt: ids, prefix: prefix, maxNewTokens: options.maxNewTokens,
        stopAt: [model.tokenizer.eosTokenId]
      ) { layer, gate, _ in
        // Layer 0 starts a forward call: the prompt's (prefill), then one per decode step.
        if layer == 0 {
          if calls > 0 {
            records.append((phase, masks))
            masks = []
            phase = .decode
          }
          calls += 1
        }
        counter.add(phase: phase, layer: layer, gate: gate)
        if let recorder { masks.append(recorder.mask(gate, layer: layer)) }
      }
      if calls > 0 { records.append((phase, masks)) }
      try recorder?.append(
        sequence: index, promptTokens: (options.softPrompt?.count ?? 0) + ids.count,
        records: records)
      let text = model.tokenizer.decode(
        generation.tokens.filter { $0 != model.tokenizer.eosTokenId })
      let answer = DecoderSQuADPrompt.answer(fromGenerated: text)
      predictions[example.id] = answer
      result.promptTokens += ids.count
      result.generatedTokens += generation.tokens.count
      result.prefillSeconds += generation.prefillSeconds
      result.decodeSeconds += generation.decodeSeconds
      if result.samples.count < 8 {
        result.samples.append((example.question, answer, example.answers.first?.text ?? ""))
      }
    }
    progress(evaluation.count, evaluation.count)
    result.score = SQuADMetric.evaluate(examples: evaluation, predictions: predictions)
    result.prefillDensity = definitions.indices.map { counter.density($0, phase: .prefill) ?? 0 }
    result.decodeDensity = definitions.indices.map { counter.density($0, phase: .decode) ?? 0 }
    try recorder?.finish()
    return result
  }
}
