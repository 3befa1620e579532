import TensorCore

/// A Llama-family decoder (SmolLM2): token embeddings, per layer RMSNorm → causal grouped-query
/// attention with RoPE → residual, RMSNorm → SiLU-gated MLP → residual, a final RMSNorm and the
/// LM head tied to the embeddings. Float32 on OpenBLAS, with a KV cache for generation.
public struct LlamaDecoder: Sendable {
  public let config: LlamaConfig
  public var weights: LlamaWeights

  public init(config: LlamaConfig, weights: LlamaWeights) {
    self.config = config
    self.weights = weights
  }

  /// What an observer sees of one layer's MLP for the rows of one forward call: the gate
  /// activation `silu(W_gate x)` and the down-projection input `silu(W_gate x) ⊙ (W_up x)`, both
  /// `[rows × intermediate]`.
  public typealias MLPObserver = (
    _ layer: Int, _ gateActivation: UnsafeBufferPointer<Float>,
    _ downInput: UnsafeBufferPointer<Float>
  ) -> Void

  /// Runs `tokens` at the positions after those already in `cache` (appending their keys and
  /// values) and returns the final hidden states after the last RMSNorm, `[tokens × hidden]`.
  /// `prefix` (`[n × hidden]`, e.g. a soft prompt) is placed before the tokens' embeddings as
  /// `n` more input rows at the first of these positions; the result then has `n + tokens` rows.
  public func forward(
    _ tokens: [Int32], prefix: [Float] = [], cache: inout LlamaKVCache,
    observer: MLPObserver? = nil
  ) -> [Float] {
    let c = config
    let h = c.hidden
    precondition(prefix.count % h == 0, "prefix rows of \(h) values")
    let prefixRows = prefix.count / h
    let rows = prefixRows + tokens.count
    let past = cache.count
    precondition(rows >= 1 && past + rows <= cache.capacity, "KV cache full")
    var x = prefix + [Float](repeating: 0, count: tokens.count * h)
    x.withUnsafeMutableBufferPointer { xb in
      for (r, token) in tokens.enumerated() {
        precondition(token >= 0 && Int(token) < c.vocabularySize, "token id \(token)")
        weights.embedding.dequantize(
          rows: Int(token)..<(Int(token) + 1),
          into: xb.baseAddress.unsafelyUnwrapped + (prefixRows + r) * h)
      }
    }
    var scratch = LlamaScratch(config: c, rows: rows, positions: past + rows)
    for layer in 0..<c.layers {
      attentionBlock(layer: layer, x: &x, rows: rows, past: past, cache: &cache, s: &scratch)
      mlpBlock(layer: layer, x: &x, rows: rows, s: &scratch, observer: observer)
    }
    cache.count = past + rows
    var out = [Float](repeating: 0, count: rows * h)
    LlamaKernels.rmsNorm(
      x, weight: weights.outputNorm, rows: rows, dim: h, eps: c.rmsEpsilon, out: &out)
    return out
  }

  /// Logits of one final hidden row (`hidden` values): `[vocabulary]`.
  public func logits(_ hiddenRow: ArraySlice<Float>) -> [Float] {
    precondition(hiddenRow.count == config.hidden)
    var out = [Float](repeating: 0, count: config.vocabularySize)
    var scratch: [Float] = []
    let row = Array(hiddenRow)
    weights.embedding.apply(row, rows: 1, into: &out, accumulate: false, scratch: &scratch)
    return out
  }

  /// `out[rows × w.rows] (+)= input[rows × w.columns] · Wᵀ`.
  @inline(__always)
  func project(
    _ input: UnsafePointer<Float>, _ w: DecoderMatrix, rows: Int,
    into out: UnsafeMutablePointer<Float>, accumulate: Bool = false, scratch: inout [Float]
  ) {
    w.apply(input, rows: rows, into: out, accumulate: accumulate, scratch: &scratch)
  }

  func attentionBlock(
    layer: Int, x: inout [Float], rows: Int, past: Int, cache: inout LlamaKVCache,
    s: inout LlamaScratch
  ) {
    let c = config
    let w = weights.layers[layer]
    let (h, kv, d) = (c.hidden, c.kvDim, c.headDim)
    LlamaKernels.rmsNorm(
      x, weight: w.attentionNorm, rows: rows, dim: h, eps: c.rmsEpsilon, out: &s.normed)
    project(s.normed, w.query, rows: rows, into: &s.query, scratch: &s.weights)
    LlamaKernels.rope(
      &s.query, rows: rows, heads: c.heads, headDim: d, rowStride: h, firstPosition: past,
      theta: c.ropeTheta)
    cache.keys[layer].withUnsafeMutableBufferPointer { keys in
      let at = keys.baseAddress.unsafelyUnwrapped + past * kv
      project(s.normed, w.key, rows: rows, into: at, scratch: &s.weights)
      LlamaKernels.rope(
        at, rows: rows, heads: c.kvHeads, headDim: d, rowStride: kv, firstPosition: past,
        theta: c.ropeTheta)
    }
    cache.values[layer].withUnsafeMutableBufferPointer { values in
      project(
        s.normed, w.value, rows: rows, into: values.baseAddress.unsafelyUnwrapped + past * kv,
        scratch: &s.weights)
    }
    let positions = past + rows
    let group = c.heads / c.kvHeads
    let scale = 1 / Float(d).squareRoot()
    cache.keys[layer].withUnsafeBufferPointer { keys in
      cache.values[layer].withUnsafeBufferPointer { values in
        s.query.withUnsafeBufferPointer { q in
          s.scores.withUnsafeMutableBufferPointer { scores in
            s.attended.withUnsafeMutableBufferPointer { attended in
              for head in 0..<c.heads {
                let g = head / group
                let sp = scores.baseAddress.unsafelyUnwrapped
                BLAS.gemm(
                  transposeA: false, transposeB: true, m: rows, n: positions, k: d,
                  alpha: scale, a: q.baseAddress.unsafelyUnwrapped + head * d, lda: h,
                  b: keys.baseAddress.unsafelyUnwrapped + g * d, ldb: kv, c: sp, ldc: positions)
                for r in 0..<rows {
                  let row = sp + r * positions
                  let visible = past + r + 1
                  for j in visible..<positions { row[j] = 0 }
                  LlamaKernels.softmax(row, count: visible)
                }
                BLAS.gemm(
                  transposeA: false, transposeB: false, m: rows, n: d, k: positions,
                  a: sp, lda: positions, b: values.baseAddress.unsafelyUnwrapped + g * d, ldb: kv,
                  c: attended.baseAddress.unsafelyUnwrapped + head * d, ldc: h)
              }
            }
          }
        }
      }
    }
    project(s.attended, w.output, rows: rows, into: &x, accumulate: true, scratch: &s.weights)
  }

  func mlpBlock(
    layer: Int, x: inout [Float], rows: Int, s: inout LlamaScratch, observer: MLPObserver?
  ) {
    let c = config
    let w = weights.layers[layer]
    let (h, m) = (c.hidden, c.intermediate)
    LlamaKernels.rmsNorm(
      x, weight: w.mlpNorm, rows: rows, dim: h, eps: c.rmsEpsilon, out: &s.normed)
    project(s.normed, w.gate, rows: rows, into: &s.gate, scratch: &s.weights)
    project(s.normed, w.up, rows: rows, into: &s.up, scratch: &s.weights)
    for i in 0..<(rows * m) {
      let a = LlamaKernels.silu(s.gate[i])
      s.gate[i] = a
      s.up[i] *= a
    }
    if let observer {
      s.gate.withUnsafeBufferPointer { g in
        s.up.withUnsafeBufferPointer { u in
          observer(
            layer, UnsafeBufferPointer(rebasing: g[0..<(rows * m)]),
            UnsafeBufferPointer(rebasing: u[0..<(rows * m)]))
        }
      }
    }
    project(s.up, w.down, rows: rows, into: &x, accumulate: true, scratch: &s.weights)
  }
}

/// Work buffers of one forward call.
struct LlamaScratch {
  var normed: [Float]
  var query: [Float]
  var attended: [Float]
  var scores: [Float]
  var gate: [Float]
  var up: [Float]
  /// A dequantised weight matrix (quantised storage, several rows).
  var weights: [Float] = []

  init(config c: LlamaConfig, rows: Int, positions: Int) {
    normed = [Float](repeating: 0, count: rows * c.hidden)
    query = normed
    attended = normed
    scores = [Float](repeating: 0, count: rows * positions)
    gate = [Float](repeating: 0, count: rows * c.intermediate)
    up = gate
  }
}
