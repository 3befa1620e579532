import Foundation
import Model
import TensorCore

/// Task losses with their gradients. Each returns the loss contribution of the rows given,
/// divided by `normalizer` (the whole batch's count, so data-parallel parts sum to the mean), and
/// the gradient of that contribution.
// B sequences, C classes
public enum TaskLoss {
  /// Softmax cross-entropy of `logits[B, C]` against class indices.
  public static func crossEntropy(logits: Tensor, labels: [Int], normalizer: Int) -> (
    loss: Double, gradient: Tensor
  ) {
    let b = logits.dim(0)
    let c = logits.dim(1)
    precondition(labels.count == b, "\(labels.count) labels for \(b) rows")
    var gradient = logits
    var total = 0.0
    let scale = 1 / Float(normalizer)
    gradient.withUnsafeMutableBufferPointer { gb in
      let g = gb.baseAddress.unsafelyUnwrapped
      for r in 0..<b {
        let row = g + r * c
        precondition((0..<c).contains(labels[r]), "label \(labels[r]) not in 0..<\(c)")
        var m = -Float.infinity
        for j in 0..<c { m = max(m, row[j]) }
        var sum = 0.0
        for j in 0..<c { sum += exp(Double(row[j] - m)) }
        total += log(sum) - Double(row[labels[r]] - m)
        for j in 0..<c {
          let p = Float(exp(Double(row[j] - m)) / sum)
          row[j] = (p - (j == labels[r] ? 1 : 0)) * scale
        }
      }
    }
    return (total / Double(normalizer), gradient)
  }

  /// Squared error of one output per row `predictions[B, 1]` (STS-B regression).
  public static func meanSquaredError(predictions: Tensor, targets: [Float], normalizer: Int) -> (
    loss: Double, gradient: Tensor
  ) {
    precondition(
      predictions.count == targets.count, "\(targets.count) targets, \(predictions.count) outputs")
    var gradient = predictions
    var total = 0.0
    let scale = 2 / Float(normalizer)
    gradient.withUnsafeMutableBufferPointer { g in
      for i in 0..<g.count {
        let e = g[i] - targets[i]
        total += Double(e) * Double(e)
        g[i] = e * scale
      }
    }
    return (total / Double(normalizer), gradient)
  }

  /// SQuAD span loss: for each sequence, the mean of the start and end cross-entropies over its
  /// token rows (`[CLS]` first: position 0 means "no answer in this window"), from
  /// `logits[N, 2]`.
  public static func span(
    logits: Tensor, layout: SequenceLayout, starts: [Int], ends: [Int], normalizer: Int
  ) -> (loss: Double, gradient: Tensor) {
    var gradient = Tensor(zeros: logits.shape)
    var total = 0.0
    let scale = 0.5 / Float(normalizer)
    logits.withUnsafeBufferPointer { lb in
      gradient.withUnsafeMutableBufferPointer { gb in
        for s in 0..<layout.sequenceCount {
          let rows = layout.tokenRows(s)
          for (column, target) in [(0, starts[s]), (1, ends[s])] {
            precondition(
              (0..<rows.count).contains(target), "span target \(target) outside the sequence")
            var m = -Float.infinity
            for r in rows { m = max(m, lb[r * 2 + column]) }
            var sum = 0.0
            for r in rows { sum += exp(Double(lb[r * 2 + column] - m)) }
            total += 0.5 * (log(sum) - Double(lb[(rows.lowerBound + target) * 2 + column] - m))
            for (i, r) in rows.enumerated() {
              let p = Float(exp(Double(lb[r * 2 + column] - m)) / sum)
              gb[r * 2 + column] = (p - (i == target ? 1 : 0)) * scale
            }
          }
        }
      }
    }
    return (total / Double(normalizer), gradient)
  }
}
