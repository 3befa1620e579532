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
  public func forward(
    _ tokens: [Int32], cache: inout LlamaKVCache, observer: MLPObserver? = nil
  ) -> [Float] {
    let c = config
    let rows = tokens.count
    let past = cache.count
    precondition(rows >= 1 && past + rows <= cache.capacity, "KV cache full")
    let h = c.hidden
    var x = [Float](repeating: 0, count: rows * h)
    weights.embedding.withUnsafeBufferPointer { e in
      for (r, token) in tokens.enumerated() {
        precondition(token >= 0 && Int(token) < c.vocabularySize, "token id \(token)")
        for j in 0..<h { x[r * h + j] = e[Int(token) * h + j] }
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
    let row = Array(hiddenRow)
    weights.embedding.withUnsafeBufferPointer { e in
      BLAS.gemm(
        transposeA: false, transposeB: true, m: 1, n: config.vocabularySize, k: config.hidden,
        a: row, lda: config.hidden, b: e.baseAddress.unsafelyUnwrapped, ldb: config.hidden, c: &out,
        ldc: config.vocabularySize)
    }
    return out
  }

  /// `out[rows × outDim] (+)= input[rows × inDim] · Wᵀ` with `W` `[outDim × inDim]`.
  @inline(__always)
  func project(
    _ input: UnsafePointer<Float>, _ w: [Float], rows: Int, inDim: Int, outDim: Int,
    into out: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    w.withUnsafeBufferPointer { wp in
      BLAS.gemm(
        transposeA: false, transposeB: true, m: rows, n: outDim, k: inDim, a: input, lda: inDim,
        b: wp.baseAddress.unsafelyUnwrapped, ldb: inDim, beta: accumulate ? 1 : 0, c: out,
        ldc: outDim)
    }
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
    project(s.normed, w.query, rows: rows, inDim: h, outDim: h, into: &s.query)
    LlamaKernels.rope(
      &s.query, rows: rows, heads: c.heads, headDim: d, rowStride: h, firstPosition: past,
      theta: c.ropeTheta)
    cache.keys[layer].withUnsafeMutableBufferPointer { keys in
      let at = keys.baseAddress.unsafelyUnwrapped + past * kv
      project(s.normed, w.key, rows: rows, inDim: h, outDim: kv, into: at)
      LlamaKernels.rope(
        at, rows: rows, heads: c.kvHeads, headDim: d, rowStride: kv, firstPosition: past,
        theta: c.ropeTheta)
    }
    cache.values[layer].withUnsafeMutableBufferPointer { values in
      project(
        s.normed, w.value, rows: rows, inDim: h, outDim: kv,
        into: values.baseAddress.unsafelyUnwrapped + past * kv)
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
    project(s.attended, w.output, rows: rows, inDim: h, outDim: h, into: &x, accumulate: true)
  }

  func mlpBlock(
    layer: Int, x: inout [Float], rows: Int, s: inout LlamaScratch, observer: MLPObserver?
  ) {
    let c = config
    let w = weights.layers[layer]
    let (h, m) = (c.hidden, c.intermediate)
    LlamaKernels.rmsNorm(
      x, weight: w.mlpNorm, rows: rows, dim: h, eps: c.rmsEpsilon, out: &s.normed)
    project(s.normed, w.gate, rows: rows, inDim: h, outDim: m, into: &s.gate)
    project(s.normed, w.up, rows: rows, inDim: h, outDim: m, into: &s.up)
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
    project(s.up, w.down, rows: rows, inDim: m, outDim: h, into: &x, accumulate: true)
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

  init(config c: LlamaConfig, rows: Int, positions: Int) {
    normed = [Float](repeating: 0, count: rows * c.hidden)
    query = normed
    attended = normed
    scores = [Float](repeating: 0, count: rows * positions)
    gate = [Float](repeating: 0, count: rows * c.intermediate)
    up = gate
  }
}
