import Model
import TraceFormat

extension TraceHeader {
  /// The header of a trace recorded from `model` trained with `configuration`: model dimensions,
  /// PEFT method and sizes, DEFT/ADA-DEFT settings, task and metric values, zero definition, seed,
  /// tool version and provenance.
  public init(
    run configuration: TrainingConfiguration, model: TaskModel, modelName: String,
    zeroDefinition: ZeroDefinition, metrics: TaskMetrics, evaluationSplit: String,
    skippedLayers: [Int], toolVersion: String, provenance: [String: String]
  ) {
    let c = model.encoder.config
    let peft = configuration.peft
    let width = model.peft.layers.first?.adapter?.width
    self.init(
      model: ModelDimensions(
        name: modelName, layers: c.numHiddenLayers, hidden: c.hiddenSize,
        intermediate: c.intermediateSize, heads: c.numAttentionHeads),
      peft: PEFTDescription(
        method: peft.method.rawValue, loraRank: peft.usesLoRA ? peft.loraRank : nil,
        loraAlpha: peft.usesLoRA ? Double(peft.loraAlpha) : nil,
        loraTargets: peft.usesLoRA ? peft.loraTargets.map(\.rawValue) : nil, adapterWidth: width,
        promptTokens: model.peft.promptTokens, prefixLength: model.peft.prefixLength,
        trainableParameters: model.trainableParameterCount),
      deft: DEFTDescription(
        enabled: configuration.densityLoss != nil,
        densityWeight: Double(configuration.densityLoss?.weight ?? 0),
        densityEps: Double(configuration.densityLoss?.epsilon ?? 0),
        includePadding: configuration.densityLoss?.includePadding ?? false, ada: peft.ada != nil,
        skippedLayers: skippedLayers),
      task: TaskDescription(
        name: configuration.task, split: evaluationSplit, metrics: metrics.valuesPercent),
      zeroDefinition: zeroDefinition, storesValues: false, seed: configuration.seed,
      toolVersion: toolVersion,
      // Reports name the task's primary metric from this key (they do not depend on Training).
      provenance: provenance.merging(["primary_metric": metrics.primaryMetricName]) { $1 })
  }
}
