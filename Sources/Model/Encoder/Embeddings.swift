import TensorCore

/// BERT embeddings: word + absolute position + token type, then LayerNorm (and dropout when
/// training). Prompt tuning's virtual tokens take the first rows of every sequence.
// N packed rows, D hidden, V virtual prompt tokens
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

  /// The summed embeddings before LayerNorm, `[N, D]` in `layout`'s rows; positions restart at
  /// 0 per sequence (prompt rows first, with token type 0).
  public func sum(_ batch: PackedBatch, layout: SequenceLayout, prompt: PromptTuning?) -> Tensor {
    let d = hiddenSize
    let v = layout.promptTokens
    // The loops below read the tables through unchecked pointers: callers validate ids and
    // lengths (tokenizer, vocab.txt against vocab_size, max length against positions).
    let vocabularyRows = word.value.shape[0]
    let positionRows = position.value.shape[0]
    let typeRows = tokenType.value.shape[0]
    for s in 0..<batch.sequenceCount {
      precondition(
        v + batch.lengths[s] <= positionRows,
        "sequence \(s): \(v) prompt + \(batch.lengths[s]) tokens exceed \(positionRows) positions")
    }
    precondition(
      batch.inputIds.allSatisfy { $0 >= 0 && Int($0) < vocabularyRows },
      "token id outside the \(vocabularyRows)-row embedding table")
    precondition(
      batch.tokenTypeIds.allSatisfy { $0 >= 0 && Int($0) < typeRows },
      "token type id outside the \(typeRows)-row type table")
    var out = Tensor(uninitialized: [layout.rowCount, d])
    let promptValues = prompt?.embeddings.value.scalars ?? []
    out.withUnsafeMutableBufferPointer { o in
      word.value.withUnsafeBufferPointer { w in
        position.value.withUnsafeBufferPointer { p in
          tokenType.value.withUnsafeBufferPointer { t in
            promptValues.withUnsafeBufferPointer { pv in
              for s in 0..<batch.sequenceCount {
                let base = layout.offsets[s]
                for i in 0..<v {
                  let row = (base + i) * d
                  for j in 0..<d { o[row + j] = pv[i * d + j] + p[i * d + j] + t[j] }
                }
                for i in 0..<batch.lengths[s] {
                  let source = batch.offsets[s] + i
                  let row = (base + v + i) * d
                  let wr = Int(batch.inputIds[source]) * d
                  let tr = Int(batch.tokenTypeIds[source]) * d
                  let pr = (v + i) * d
                  for j in 0..<d { o[row + j] = w[wr + j] + p[pr + j] + t[tr + j] }
                }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Embeddings after LayerNorm (and dropout), `[N, D]`.
  public func forward(
    _ batch: PackedBatch, layout: SequenceLayout, prompt: PromptTuning?, dropout: Dropout?,
    firstRow: Int, keepCache: Bool
  ) -> (output: Tensor, cache: EmbeddingsCache?) {
    let summed = sum(batch, layout: layout, prompt: prompt)
    var x = Tensor(uninitialized: summed.shape)
    var stats: LayerNormStatistics? = keepCache ? LayerNormStatistics(rows: 0) : nil
    let rows = layout.rowCount
    var mask: [Float]?
    summed.withUnsafeBufferPointer { sb in
      x.withUnsafeMutableBufferPointer { xb in
        let p = xb.baseAddress.unsafelyUnwrapped
        norm.forward(sb.baseAddress.unsafelyUnwrapped, into: p, rows: rows, statistics: &stats)
        if let dropout, dropout.isActive {
          let m = dropout.mask(
            site: DropoutSite.embeddings, firstRow: firstRow, rows: rows, columns: hiddenSize)
          m.withUnsafeBufferPointer {
            Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: p, count: rows * hiddenSize)
          }
          mask = m
        }
      }
    }
    guard keepCache, let stats else { return (x, nil) }
    return (x, EmbeddingsCache(summed: summed, statistics: stats, dropoutMask: mask))
  }

  /// Backward into the prompt embeddings (the only embedding parameters PEFT trains): given
  /// `dY[N, D]`, accumulates `dPrompt`. Word, position and type embeddings stay frozen.
  public func backward(
    _ cache: EmbeddingsCache, gradOutput: Tensor, layout: SequenceLayout, prompt: PromptTuning,
    gradients: GradientStore
  ) {
    guard let gp = gradients.buffer(for: prompt.embeddings) else { return }
    let d = hiddenSize
    var dx = gradOutput
    let rows = layout.rowCount
    dx.withUnsafeMutableBufferPointer { db in
      let g = db.baseAddress.unsafelyUnwrapped
      if let mask = cache.dropoutMask {
        mask.withUnsafeBufferPointer {
          Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: g, count: rows * d)
        }
      }
      cache.summed.withUnsafeBufferPointer { sb in
        norm.backward(
          input: sb.baseAddress.unsafelyUnwrapped, gradOutput: g, gradInput: g, rows: rows,
          statistics: cache.statistics, gradients: gradients)
      }
      for s in 0..<layout.sequenceCount {
        for i in 0..<layout.promptTokens {
          let row = g + (layout.offsets[s] + i) * d
          for j in 0..<d { gp[i * d + j] += row[j] }
        }
      }
    }
  }
}

/// What an embeddings forward pass keeps for its backward pass.
public struct EmbeddingsCache {
  /// The sums before LayerNorm `[N, D]`.
  public var summed: Tensor
  public var statistics: LayerNormStatistics
  public var dropoutMask: [Float]?
}
