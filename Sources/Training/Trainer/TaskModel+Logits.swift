import Model
import TensorCore

extension TaskModel {
  /// Classification logits `[B, C]` of `examples` at inference (no dropout), data-parallel over
  /// `threads` groups: a distillation teacher's targets.
  public func classificationLogits(_ examples: ArraySlice<TrainingExample>, threads: Int) -> Tensor
  {
    guard case .classification(let head) = self.head else {
      preconditionFailure("classification logits need a classification head")
    }
    let batch = PackedBatch(examples.map(\.encoding))
    let groups = batch.split(into: threads)
    let parts = Parallel.map(groups.count) { g -> Tensor in
      let pass = encoder.run(
        batch.sequences(groups[g]), peft: peft, options: EncoderPassOptions(keepCache: false))
      return head.forward(
        hidden: pass.output.hidden, layout: pass.layout, dropout: nil, firstSequence: 0,
        keepCache: false
      ).logits
    }
    let c = head.classes
    return Tensor(shape: [batch.sequenceCount, c], scalars: parts.flatMap(\.scalars))
  }
}
