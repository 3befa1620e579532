import Model
import TensorCore

/// Collects a task's predictions batch by batch and turns them into metrics.
struct PredictionCollector {
  let task: TrainingTask
  var labels: [ExampleLabel] = []
  var startLogits: [[Float]] = []
  var endLogits: [[Float]] = []

  init(task: TrainingTask) { self.task = task }

  mutating func add(model: TaskModel, hidden: Tensor, layout: SequenceLayout) {
    switch model.head {
    case .classification(let head):
      let (logits, _) = head.forward(
        hidden: hidden, layout: layout, dropout: nil, firstSequence: 0, keepCache: false)
      let c = logits.dim(1)
      for s in 0..<layout.sequenceCount {
        let row = Array(logits.scalars[(s * c)..<((s + 1) * c)])
        if case .regression = task.headKind {
          labels.append(.score(row[0]))
        } else {
          let best = row.indices.max { row[$0] < row[$1] } ?? 0
          labels.append(.classIndex(best))
        }
      }
    case .span(let head):
      let logits = head.forward(hidden: hidden)
      for s in 0..<layout.sequenceCount {
        let rows = layout.tokenRows(s)
        startLogits.append(rows.map { logits.scalars[$0 * 2] })
        endLogits.append(rows.map { logits.scalars[$0 * 2 + 1] })
      }
    }
  }

  /// The task metric and what was predicted for each example.
  func outcome(data: TaskData) -> (TaskMetrics, EvaluationPredictions) {
    switch task {
    case .glue(let glue):
      let examples = data.evaluationExamples
      return (
        TaskMetrics.glue(task: glue, predictions: labels, examples: examples),
        .glue(
          gold: examples.map(\.label), predicted: labels, sourceLines: examples.map(\.sourceLine))
      )
    case .squad:
      guard let squad = data.squadEvaluation else { preconditionFailure("SQuAD data missing") }
      let answers = SpanDecoder.predictions(
        examples: squad.examples, features: squad.features, startLogits: startLogits,
        endLogits: endLogits)
      return (
        TaskMetrics.squad(SQuADMetric.evaluate(examples: squad.examples, predictions: answers)),
        .squad(answers)
      )
    }
  }
}
