import Foundation
import Model
import TraceFormat

/// SST-2 as label-word classification on a chat decoder: every dev review through the chat
/// template, one prefill forward pass, the label word with the higher last-position logit
/// (`DecoderSST2Prompt`); accuracy, gate densities of the prefill under several zero
/// definitions, and optionally a version-2 trace of prefill records only (no decode).
public struct DecoderSST2Evaluation {
  public struct Options: Sendable {
    /// Evaluate the first this many dev examples (nil: all).
    public var examples: Int?
    /// Longest prompt accepted; longer reviews are skipped (counted wrong).
    public var maxPromptTokens = 512
    public var calibrationExamples = 4
    public var targetDensity = 0.5
    public var quantizationBits = 8
    /// `exact`, `threshold:τ`, `int…` (int-N) or `density` (per-layer τ).
    public var traceZero = "density"
    public var tracePath: String?
    public var toolVersion = ""
    public var provenance: [String: String] = [:]
    /// A trained soft prompt (prompt tuning), placed before every prompt (calibration included).
    public var softPrompt: DecoderSoftPrompt?
    public init() {}
  }

  public struct Result: Sendable {
    public var correct = 0
    public var count = 0
    public var skipped = 0
    /// Reviews predicted positive.
    public var predictedPositive = 0
    public var labelTokens: [Int32] = []
    public var densityLabels: [String] = []
    public var prefillDensity: [Double] = []
    public var traceDefinition = ""
    public var promptTokens = 0
    public var seconds = 0.0
    public var samples: [(sentence: String, prediction: String, gold: String)] = []

    public var accuracyPercent: Double { 100 * Double(correct) / Double(max(count, 1)) }
  }

  /// Evaluates `dev` (class labels 0/1); the zero definitions are calibrated on the prompts of
  /// the first `calibrationExamples` of `calibration` (training-side reviews).
  public static func run(
    model: LlamaModel, dev: [Example], calibration: [Example], options: Options,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Result {
    let labelTokens = try DecoderSST2Prompt.labelTokens(model)
    let evaluation = Array(dev.prefix(options.examples ?? dev.count))
    guard !evaluation.isEmpty else {
      throw DecoderTaskError.noExamples(task: "SST-2 dev", reason: "the dev set is empty")
    }
    for e in evaluation { _ = try classIndex(e) }
    let calibrationPrompts = calibration.prefix(options.calibrationExamples)
      .map { DecoderSST2Prompt.prompt(model, sentence: $0.textA) }
      .filter { $0.count <= options.maxPromptTokens }
    let zeros = DecoderZeroDefinitions(
      calibration: DecoderZeroCalibration(
        model: model, prompts: calibrationPrompts, prefix: options.softPrompt?.vectors ?? []),
      targetDensity: options.targetDensity, quantizationBits: options.quantizationBits,
      traceZero: options.traceZero)
    var counter = DecoderDensityCounter(definitions: zeros.all, layers: model.config.layers)
    let recorder = try options.tracePath.map { path in
      try DecoderTraceRecorder(
        path: path, model: model, zeroDefinition: zeros.trace,
        task: TaskDescription(name: "sst2", split: "dev"),
        toolVersion: options.toolVersion, provenance: options.provenance)
    }
    var result = Result()
    result.labelTokens = labelTokens
    result.densityLabels = zeros.all.map(\.label)
    result.traceDefinition = zeros.trace.label
    let start = Date()
    for (index, example) in evaluation.enumerated() {
      progress(index, evaluation.count)
      let gold = try classIndex(example)
      result.count += 1
      let ids = DecoderSST2Prompt.prompt(model, sentence: example.textA)
      guard ids.count <= options.maxPromptTokens else {
        result.skipped += 1
        continue
      }
      var masks: [ActivationMask] = []
      let prefix = options.softPrompt?.vectors ?? []
      let rows = (options.softPrompt?.count ?? 0) + ids.count
      var cache = LlamaKVCache(config: model.config, capacity: rows)
      let hidden = model.decoder.forward(ids, prefix: prefix, cache: &cache) { layer, gate, _ in
        counter.add(phase: .prefill, layer: layer, gate: gate)
        if let recorder { masks.append(recorder.mask(gate, layer: layer)) }
      }
      try recorder?.append(
        sequence: index, promptTokens: rows, records: [(.prefill, masks)])
      let h = model.config.hidden
      let logits = model.decoder.logits(hidden[(hidden.count - h)...])
      let predicted = DecoderSST2Prompt.predict(logits: logits, labelTokens: labelTokens)
      if predicted == gold { result.correct += 1 }
      if predicted == 1 { result.predictedPositive += 1 }
      result.promptTokens += ids.count
      if result.samples.count < 8 {
        result.samples.append(
          (
            example.textA, DecoderSST2Prompt.labelWords[predicted],
            DecoderSST2Prompt.labelWords[gold]
          ))
      }
    }
    progress(evaluation.count, evaluation.count)
    result.seconds = Date().timeIntervalSince(start)
    result.prefillDensity = zeros.all.indices.map { counter.density($0, phase: .prefill) ?? 0 }
    try recorder?.finish()
    return result
  }

  /// The class index (0 or 1) of an SST-2 example.
  static func classIndex(_ e: Example) throws(DecoderTaskError) -> Int {
    guard let c = e.label.classIndex, (0...1).contains(c) else {
      throw .label(task: "SST-2", line: e.sourceLine, found: "\(e.label)", expected: "0 or 1")
    }
    return c
  }
}
