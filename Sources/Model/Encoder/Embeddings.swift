import TensorCore

/// BERT embeddings: word + absolute position + token type, then LayerNorm.
// N packed tokens, D hidden
public final class Embeddings {
  public let word: Parameter
  public let position: Parameter
  public let tokenType: Parameter
  public let norm: LayerNorm
  public let hiddenSize: Int

  public init(word: Parameter, position: Parameter, tokenType: Parameter, norm: LayerNorm) {
    self.word = word
    self.position = position
    self.tokenType = tokenType
    self.norm = norm
    self.hiddenSize = word.value.shape[1]
  }

  /// The summed embeddings before LayerNorm, `[N, D]`; positions restart at 0 per sequence.
  public func sum(_ batch: PackedBatch) -> Tensor {
    let d = hiddenSize
    var out = Tensor(zeros: [batch.tokenCount, d])
    out.withUnsafeMutableBufferPointer { o in
      word.value.withUnsafeBufferPointer { w in
        position.value.withUnsafeBufferPointer { p in
          tokenType.value.withUnsafeBufferPointer { t in
            for s in 0..<batch.sequenceCount {
              for i in 0..<batch.lengths[s] {
                let row = batch.offsets[s] + i
                let wr = Int(batch.inputIds[row]) * d
                let tr = Int(batch.tokenTypeIds[row]) * d
                let pr = i * d
                for j in 0..<d { o[row * d + j] = w[wr + j] + p[pr + j] + t[tr + j] }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Embeddings after LayerNorm, `[N, D]`.
  public func forward(_ batch: PackedBatch) -> Tensor {
    var x = sum(batch)
    var none: LayerNormStatistics?
    let rows = batch.tokenCount
    x.withUnsafeMutableBufferPointer { buf in
      let p = buf.baseAddress.unsafelyUnwrapped
      norm.forward(p, into: p, rows: rows, statistics: &none)
    }
    return x
  }
}
