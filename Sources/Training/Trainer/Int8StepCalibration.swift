import Model
import TensorCore

extension TaskModel {
  /// Per-layer `max |a|` of the MLP activations over the real (and prompt) tokens of `examples`,
  /// from a forward pass with `dropout` (the step's masks, so the values are those the step's
  /// loss sees), data-parallel over `threads` groups. The int8 density loss's calibration:
  /// the int8 step of layer l is this / 127.
  public func mlpActivationMaxima(
    _ examples: ArraySlice<TrainingExample>, dropout: StepDropout?, threads: Int
  ) -> [Float] {
    let batch = PackedBatch(examples.map(\.encoding))
    let fullLayout = SequenceLayout(batch: batch, promptTokens: peft.promptTokens)
    let groups = batch.split(into: threads)
    let perGroup = Parallel.map(groups.count) { g -> [Float] in
      let range = groups[g]
      let pass = encoder.run(
        batch.sequences(range), peft: peft,
        options: EncoderPassOptions(
          dropout: dropout, firstRow: fullLayout.offsets[range.lowerBound], keepCache: false))
      return pass.output.mlpActivations.map { a in
        let f = a.dim(1)
        var m: Float = 0
        a.withUnsafeBufferPointer { ab in
          for s in 0..<pass.layout.sequenceCount {
            for r in pass.layout.tracedRows(s) {
              for k in 0..<f { m = max(m, abs(ab[r * f + k])) }
            }
          }
        }
        return m
      }
    }
    var maxima = [Float](repeating: 0, count: encoder.layers.count)
    for group in perGroup {
      for (l, m) in group.enumerated() { maxima[l] = max(maxima[l], m) }
    }
    return maxima
  }
}
