import Model
import NumericalGradient
import TensorCore
import Testing

/// Central-difference checks of the trainable decoder block (RMSNorm, RoPE, causal GQA,
/// SwiGLU, LoRA on q, k, v, o, gate, up, down) with the DEFT density loss on silu(W_gate x).
@Suite("Decoder block gradients")
struct DecoderBlockGradientTests {
  static let (hidden, heads, kvHeads, intermediate, rows, rank) = (8, 2, 1, 12, 4, 2)
  static let (densityWeight, densityEpsilon): (Float, Float) = (0.5, 0.05)

  static func block(seed: UInt64) -> DecoderBlockTrainable {
    var rng = SplitMix64(seed: seed)
    func random(_ n: Int, _ scale: Float) -> [Float] {
      (0..<n).map { _ in rng.nextNormal() * scale }
    }
    let kv = hidden / heads * kvHeads
    let shapes = [
      (hidden, hidden), (kv, hidden), (kv, hidden), (hidden, hidden), (intermediate, hidden),
      (intermediate, hidden), (hidden, intermediate),
    ]
    var linears: [LoRALinear] = []
    for (outputs, inputs) in shapes {
      var linear = LoRALinear(
        weight: random(outputs * inputs, 0.4), inputs: inputs, outputs: outputs, rank: rank,
        alpha: 4, a: random(rank * inputs, 0.3))
      linear.b = random(outputs * rank, 0.3)
      linears.append(linear)
    }
    return DecoderBlockTrainable(
      hidden: hidden, heads: heads, kvHeads: kvHeads, intermediate: intermediate,
      ropeTheta: 100, epsilon: 1e-5, attentionNorm: random(hidden, 0.3).map { 1 + $0 },
      mlpNorm: random(hidden, 0.3).map { 1 + $0 }, linears: linears)
  }

  /// `Σ y ⊙ w + λ · mean(a² / (a² + ε))` over the gate activations `a`.
  static func loss(_ block: DecoderBlockTrainable, _ x: [Float], _ w: [Float]) -> Double {
    let (y, cache) = block.forward(x, rows: rows)
    var total = 0.0
    for i in y.indices { total += Double(y[i]) * Double(w[i]) }
    var density = 0.0
    for a in cache.gateActivation {
      let a2 = Double(a) * Double(a)
      density += a2 / (a2 + Double(densityEpsilon))
    }
    return total + Double(densityWeight) * density / Double(cache.gateActivation.count)
  }

  /// With `densityOnly` the task term is zero, so the density loss alone is checked.
  @Test("input and adapter gradients match central differences", arguments: [false, true])
  func gradients(densityOnly: Bool) {
    var block = Self.block(seed: 7)
    var rng = SplitMix64(seed: 11)
    var x = (0..<(Self.rows * Self.hidden)).map { _ in rng.nextNormal() }
    let w = (0..<(Self.rows * Self.hidden)).map { _ in densityOnly ? 0 : rng.nextNormal() }
    let absolute = densityOnly ? 1e-5 : 1e-3
    let (_, cache) = block.forward(x, rows: Self.rows)
    let n = Float(cache.gateActivation.count)
    let gateGradient = cache.gateActivation.map { a in
      let d = a * a + Self.densityEpsilon
      return Self.densityWeight / n * 2 * a * Self.densityEpsilon / (d * d)
    }
    let (dx, grads) = block.backward(dy: w, cache: cache, gateGradient: gateGradient)
    let input = CentralDifference.compare(
      "dx", analytic: dx, count: x.count, get: { x[$0] }, set: { x[$0] = $1 },
      loss: { Self.loss(block, x, w) }, step: 1e-2)
    #expect(input.passes(relative: 1e-2, absolute: absolute), "\(input)")
    #expect(input.maxNumeric > 1e-3)
    print(input)
    for (l, name) in DecoderBlockTrainable.names.enumerated() {
      let da = CentralDifference.compare(
        "\(name).A", analytic: grads[l].a, count: block.linears[l].a.count,
        get: { block.linears[l].a[$0] }, set: { block.linears[l].a[$0] = $1 },
        loss: { Self.loss(block, x, w) }, step: 1e-2)
      #expect(da.passes(relative: 1e-2, absolute: absolute), "\(da)")
      let db = CentralDifference.compare(
        "\(name).B", analytic: grads[l].b, count: block.linears[l].b.count,
        get: { block.linears[l].b[$0] }, set: { block.linears[l].b[$0] = $1 },
        loss: { Self.loss(block, x, w) }, step: 1e-2)
      #expect(db.passes(relative: 1e-2, absolute: absolute), "\(db)")
      if !densityOnly || l <= 4 {
        // The density loss on silu(W_gate x) reaches gate and everything upstream, not up or down.
        #expect(da.maxNumeric > 1e-4 && db.maxNumeric > 1e-4, "\(name): slopes too small")
      }
      print(da)
      print(db)
    }
  }

  @Test("LoRA with B = 0 equals the frozen block bit for bit")
  func identity() {
    var block = Self.block(seed: 3)
    var rng = SplitMix64(seed: 5)
    let x = (0..<(Self.rows * Self.hidden)).map { _ in rng.nextNormal() }
    for l in block.linears.indices {
      block.linears[l].b = [Float](repeating: 0, count: block.linears[l].b.count)
    }
    var frozen = block
    for l in frozen.linears.indices {
      frozen.linears[l].a = [Float](repeating: 0, count: frozen.linears[l].a.count)
    }
    #expect(block.forward(x, rows: Self.rows).y == frozen.forward(x, rows: Self.rows).y)
  }
}

/// The whole SmolLM2 with LoRA on every projection and B = 0, merged for evaluation, equals the
/// base model (Float32 weights) bit for bit.
@Suite("Decoder LoRA identity")
struct DecoderLoRAIdentityTests {
  @Test("merged LoRA with B = 0 gives the base model's hidden states exactly")
  func mergedIdentity() throws {
    let base = try LlamaModel(path: SmolLM2Fixtures.ggufPath(), storage: .float32)
    let merged = DecoderLoRAModel(model: base, rank: 4, alpha: 8, seed: 1).merged(into: base)
    let ids = base.encode("Paris is the capital of", chat: false)
    var cacheA = LlamaKVCache(config: base.config, capacity: ids.count)
    var cacheB = LlamaKVCache(config: base.config, capacity: ids.count)
    #expect(
      base.decoder.forward(ids, cache: &cacheA) == merged.decoder.forward(ids, cache: &cacheB))
  }
}
