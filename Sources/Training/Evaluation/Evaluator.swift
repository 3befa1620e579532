import Foundation
import Model
import TensorCore
import TraceFormat

/// Evaluates a `TaskModel` on a task's evaluation set: the task metric, per-layer density under
/// each zero definition, and (optionally) a trace of the activation patterns.
///
/// With a trace or without given scales the set is run twice: the first pass predicts and
/// calibrates the int-N scales (max |a| per layer), the second counts densities and writes the
/// trace under the final header (which records the metrics). Inference only: no dropout.
public struct Evaluator {
  public let model: TaskModel
  public let data: TaskData
  public let options: EvaluationOptions

  public init(model: TaskModel, data: TaskData, options: EvaluationOptions) {
    self.model = model
    self.data = data
    self.options = options
  }

  /// Runs the evaluation; `header` builds the trace header from the zero definition and metrics;
  /// `progress(phase, done, total)` reports batches.
  public func run(
    header: (ZeroDefinition, TaskMetrics) -> TraceHeader = { _, _ in
      preconditionFailure("a trace needs a header")
    },
    progress: (String, Int, Int) -> Void = { _, _, _ in }
  ) throws(TraceError) -> EvaluationResult {
    let peft = model.peft
    let skipped = options.skipThreshold.map { peft.skipGatedLayers(threshold: $0) } ?? []
    defer { peft.skippedMLPLayers = [] }
    let layerCount = model.encoder.layers.count
    let units = model.encoder.config.intermediateSize
    let batches = ExampleOrder.batches(Array(data.evaluation.indices), batchSize: options.batchSize)

    // Pass 1: predictions and calibration.
    var calibrator = ScaleCalibrator(layerCount: layerCount)
    var predictions = PredictionCollector(task: model.task)
    var tokens = 0
    for (i, indices) in batches.enumerated() {
      let (output, layout) = forward(indices)
      predictions.add(model: model, hidden: output.hidden, layout: layout)
      for (l, a) in output.mlpActivations.enumerated() {
        a.withUnsafeBufferPointer { ab in
          for s in 0..<layout.sequenceCount {
            let rows = layout.tracedRows(s)
            calibrator.observe(
              layer: l,
              activations: UnsafeBufferPointer(
                rebasing: ab[(rows.lowerBound * units)..<(rows.upperBound * units)]))
          }
        }
      }
      tokens += (0..<layout.sequenceCount).reduce(0) { $0 + layout.tracedRows($1).count }
      progress("evaluate", i + 1, batches.count)
    }
    let (metrics, predicted) = predictions.outcome(data: data)
    let scales = options.scales ?? calibrator.scales(bits: options.quantizationBits)
    let definitions: [ZeroDefinition] =
      [.exact] + options.thresholds.map { .threshold($0) }
      + [.quantized(bits: options.quantizationBits, scales: scales)]

    // Pass 2: densities and the trace.
    var counter = DensityCounter(
      layerCount: layerCount, units: units, definitions: definitions,
      blockUnits: options.blockUnits, tileTokens: options.tileTokens)
    let traceDefinition = options.traceZero.definition(
      bits: options.quantizationBits, scales: scales)
    let recorder = try options.tracePath.map { path throws(TraceError) in
      try TraceRecorder(path: path, header: header(traceDefinition, metrics))
    }
    let secondPass = options.measureDensity || recorder != nil
    for (i, indices) in batches.enumerated() where secondPass {
      let (output, layout) = forward(indices)
      for (l, a) in output.mlpActivations.enumerated() {
        a.withUnsafeBufferPointer { ab in
          for s in 0..<layout.sequenceCount {
            let rows = layout.tracedRows(s)
            counter.add(
              layer: l,
              activations: UnsafeBufferPointer(
                rebasing: ab[(rows.lowerBound * units)..<(rows.upperBound * units)]),
              tokenCount: rows.count)
          }
        }
      }
      try recorder?.append(activations: output.mlpActivations, layout: layout)
      progress("density ", i + 1, batches.count)
    }
    try recorder?.finish()
    return EvaluationResult(
      metrics: metrics, density: counter.report(), scales: scales, skippedLayers: skipped,
      gateValues: peft.gateValues, sequences: data.evaluation.count, tokens: tokens,
      tracePath: options.tracePath,
      traceZeroDefinition: options.tracePath == nil ? nil : traceDefinition, predictions: predicted)
  }

  private func forward(_ indices: ArraySlice<Int>) -> (EncoderOutput, SequenceLayout) {
    let batch = PackedBatch(indices.map { data.evaluation[$0].encoding })
    let output = model.encoder.forward(batch, peft: model.peft, threads: options.threads)
    return (output, SequenceLayout(batch: batch, promptTokens: model.peft.promptTokens))
  }
}
