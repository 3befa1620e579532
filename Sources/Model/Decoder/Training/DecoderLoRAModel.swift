import Foundation
import TensorCore

/// The whole decoder for LoRA training: the frozen base dequantised to Float32 (every linear of
/// every layer with a LoRA adapter on q, k, v, o, gate, up, down; `B = 0` at the start), the
/// tied LM head, cross-entropy on chosen positions, the DEFT density loss on silu(W_gate x)
/// averaged over layers, rows and units, and the gradients of every adapter.
public struct DecoderLoRAModel: Sendable {
  public var blocks: [DecoderBlockTrainable]
  public let embedding: [Float]
  public let outputNorm: [Float]
  public let config: LlamaConfig

  public init(model: LlamaModel, rank: Int, alpha: Float, seed: UInt64) {
    let c = model.config
    config = c
    let w = model.decoder.weights
    func dense(_ m: DecoderMatrix) -> [Float] {
      var out = [Float](repeating: 0, count: m.rows * m.columns)
      out.withUnsafeMutableBufferPointer {
        m.dequantize(rows: 0..<m.rows, into: $0.baseAddress.unsafelyUnwrapped)
      }
      return out
    }
    embedding = dense(w.embedding)
    outputNorm = w.outputNorm
    var rng = SplitMix64(seed: seed)
    blocks = w.layers.map { layer in
      let linears = layer.matrices.map { m in
        // A ~ Kaiming-uniform as PEFT initialises it (bound 1/√in); B = 0.
        let bound = 1 / Float(m.columns).squareRoot()
        let a = (0..<(rank * m.columns)).map { _ in (2 * rng.nextUniform() - 1) * bound }
        return LoRALinear(
          weight: dense(m), inputs: m.columns, outputs: m.rows, rank: rank, alpha: alpha, a: a)
      }
      return DecoderBlockTrainable(
        hidden: c.hidden, heads: c.heads, kvHeads: c.kvHeads, intermediate: c.intermediate,
        ropeTheta: c.ropeTheta, epsilon: c.rmsEpsilon, attentionNorm: layer.attentionNorm,
        mlpNorm: layer.mlpNorm, linears: linears)
    }
  }

  public struct Step: Sendable {
    public var taskLoss: Double
    public var densityLoss: Double
    /// `gradients[layer][linear]`.
    public var gradients: [[LoRALinear.Gradients]]
    /// Fraction of gate activations with |a| > √ε.
    public var density: Double
    /// ∂loss/∂(the prefix rows of block 0's input), `[prefix rows × hidden]` (a soft prompt's
    /// gradient; empty without a prefix).
    public var prefixGradient: [Float] = []
  }

  /// Loss and adapter gradients of one sequence: cross-entropy of `ids[p + 1]` at every
  /// position `p` in `targets` (mean), plus `densityWeight · mean(a² / (a² + ε))` over the gate
  /// activations of every layer.
  public func step(
    ids: [Int32], targets: Range<Int>, densityWeight: Float, densityEpsilon: Float
  ) -> Step {
    step(
      ids: ids, positions: Array(targets), targetTokens: targets.map { ids[$0 + 1] },
      densityWeight: densityWeight, densityEpsilon: densityEpsilon)
  }

  /// As `step(ids:targets:…)` with explicit targets: the cross-entropy of `targetTokens[i]`
  /// (over the whole vocabulary) at position `positions[i]` of `ids` (for instance a label word
  /// after the prompt's last position). `prefix` (`[n × hidden]`, a soft prompt) goes before the
  /// ids' embeddings at positions `0..<n` (the ids and `positions` shift by n); its gradient is
  /// `Step.prefixGradient`.
  public func step(
    ids: [Int32], positions: [Int], targetTokens: [Int32], prefix: [Float] = [],
    densityWeight: Float, densityEpsilon: Float
  ) -> Step {
    precondition(positions.count == targetTokens.count)
    let c = config
    let h = c.hidden
    precondition(prefix.count % h == 0)
    let n = prefix.count / h
    let t = n + ids.count
    var x = prefix + [Float](repeating: 0, count: ids.count * h)
    for (r, id) in ids.enumerated() {
      for j in 0..<h { x[(n + r) * h + j] = embedding[Int(id) * h + j] }
    }
    var caches: [DecoderBlockTrainable.Cache] = []
    var densityLoss = 0.0
    var nonZero = 0
    var gateCount = 0
    let threshold = densityEpsilon.squareRoot()
    for block in blocks {
      let (y, cache) = block.forward(x, rows: t)
      for a in cache.gateActivation {
        let a2 = Double(a) * Double(a)
        densityLoss += a2 / (a2 + Double(densityEpsilon))
        if abs(a) > threshold { nonZero += 1 }
      }
      gateCount += cache.gateActivation.count
      caches.append(cache)
      x = y
    }
    densityLoss = Double(densityWeight) * densityLoss / Double(max(gateCount, 1))
    // Final norm and the LM head on the target rows only.
    let normed = DecoderBlockTrainable.rmsNorm(x, weight: outputNorm, rows: t, eps: c.rmsEpsilon)
    let rows = positions.map { $0 + n }
    var selected = [Float](repeating: 0, count: rows.count * h)
    for (i, p) in rows.enumerated() {
      for j in 0..<h { selected[i * h + j] = normed[p * h + j] }
    }
    let v = c.vocabularySize
    var logits = [Float](repeating: 0, count: rows.count * v)
    MatrixProduct.gemm(
      selected, embedding, m: rows.count, n: v, k: h, transposeB: true, into: &logits)
    var taskLoss = 0.0
    let scale = 1 / Float(max(rows.count, 1))
    for i in rows.indices {
      logits.withUnsafeMutableBufferPointer {
        LlamaKernels.softmax($0.baseAddress.unsafelyUnwrapped + i * v, count: v)
      }
      let target = Int(targetTokens[i])
      taskLoss -= log(Double(max(logits[i * v + target], 1e-30)))
      logits[i * v + target] -= 1
      for j in 0..<v { logits[i * v + j] *= scale }
    }
    taskLoss /= Double(max(rows.count, 1))
    var dSelected = [Float](repeating: 0, count: rows.count * h)
    MatrixProduct.gemm(logits, embedding, m: rows.count, n: h, k: v, into: &dSelected)
    var dNormed = [Float](repeating: 0, count: t * h)
    for (i, p) in rows.enumerated() {
      for j in 0..<h { dNormed[p * h + j] = dSelected[i * h + j] }
    }
    var dx = DecoderBlockTrainable.rmsNormBackward(
      dy: dNormed, x: x, weight: outputNorm, rows: t, eps: c.rmsEpsilon)
    var gradients = [[LoRALinear.Gradients]](repeating: [], count: blocks.count)
    let densityScale = densityWeight / Float(max(gateCount, 1))
    for l in blocks.indices.reversed() {
      let cache = caches[l]
      let gateGradient: [Float]? =
        densityWeight > 0
        ? cache.gateActivation.map { a in
          let d = a * a + densityEpsilon
          return densityScale * 2 * a * densityEpsilon / (d * d)
        } : nil
      let (dInput, grads) = blocks[l].backward(dy: dx, cache: cache, gateGradient: gateGradient)
      gradients[l] = grads
      dx = dInput
    }
    return Step(
      taskLoss: taskLoss, densityLoss: densityLoss, gradients: gradients,
      density: Double(nonZero) / Double(max(gateCount, 1)), prefixGradient: Array(dx[0..<(n * h)]))
  }

  /// The base weights with every adapter merged (`W + s·B·A`), as a Float32 `LlamaModel` for
  /// greedy evaluation with the KV cache.
  public func merged(into model: LlamaModel) -> LlamaModel {
    var out = model
    for (l, block) in blocks.enumerated() {
      let merged = block.linears.map { linear -> DecoderMatrix in
        var w = linear.weight
        MatrixProduct.gemm(
          linear.b, linear.a, m: linear.outputs, n: linear.inputs, k: linear.rank,
          alpha: linear.scale, beta: 1, into: &w)
        return DecoderMatrix(dense: w, rows: linear.outputs, columns: linear.inputs)
      }
      var layer = out.decoder.weights.layers[l]
      (layer.query, layer.key, layer.value, layer.output) = (
        merged[0], merged[1], merged[2], merged[3]
      )
      (layer.gate, layer.up, layer.down) = (merged[4], merged[5], merged[6])
      out.decoder.weights.layers[l] = layer
    }
    return out
  }
}
