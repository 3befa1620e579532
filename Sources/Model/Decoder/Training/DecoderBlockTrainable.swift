import Foundation

/// One Llama decoder block for training, on one sequence of `T` tokens from position 0:
/// RMSNorm → q, k, v (LoRA) → RoPE → causal grouped-query attention → o (LoRA) → residual,
/// RMSNorm → gate, up (LoRA) → silu(gate) ⊙ up → down (LoRA) → residual. The forward pass keeps
/// what backward needs; backward returns the input gradient and every adapter's gradients, and
/// takes an optional extra gradient on the gate activation `silu(W_gate x)` (the DEFT density
/// loss's).
public struct DecoderBlockTrainable: Sendable {
  public let hidden: Int
  public let heads: Int
  public let kvHeads: Int
  public let headDim: Int
  public let intermediate: Int
  public let ropeTheta: Double
  public let epsilon: Double
  public var attentionNorm: [Float]
  public var mlpNorm: [Float]
  /// q, k, v, o, gate, up, down.
  public var linears: [LoRALinear]

  public static let names = ["q", "k", "v", "o", "gate", "up", "down"]

  public init(
    hidden: Int, heads: Int, kvHeads: Int, intermediate: Int, ropeTheta: Double, epsilon: Double,
    attentionNorm: [Float], mlpNorm: [Float], linears: [LoRALinear]
  ) {
    precondition(linears.count == 7 && hidden % heads == 0 && heads % kvHeads == 0)
    self.hidden = hidden
    self.heads = heads
    self.kvHeads = kvHeads
    self.headDim = hidden / heads
    self.intermediate = intermediate
    self.ropeTheta = ropeTheta
    self.epsilon = epsilon
    self.attentionNorm = attentionNorm
    self.mlpNorm = mlpNorm
    self.linears = linears
  }

  public struct Cache: Sendable {
    var rows = 0
    var x: [Float] = []
    var n1: [Float] = []
    var q: [Float] = []
    var k: [Float] = []
    var v: [Float] = []
    var probabilities: [Float] = []  // heads × T × T
    var attended: [Float] = []
    var x1: [Float] = []
    var n2: [Float] = []
    var gate: [Float] = []
    var up: [Float] = []
    var product: [Float] = []
    var hiddens: [[Float]] = []
    /// `silu(W_gate x)`, `[T × intermediate]`.
    public var gateActivation: [Float] = []
  }

  var kvDim: Int { kvHeads * headDim }

  func shape(rows: Int) -> CausalAttention.Shape {
    CausalAttention.Shape(rows: rows, heads: heads, kvHeads: kvHeads, headDim: headDim)
  }

  public func forward(_ x: [Float], rows t: Int) -> (y: [Float], cache: Cache) {
    var c = Cache()
    c.rows = t
    c.x = x
    c.n1 = Self.rmsNorm(x, weight: attentionNorm, rows: t, eps: epsilon)
    var hiddens = [[Float]](repeating: [], count: 7)
    var (q, hq) = linears[0].forward(c.n1, rows: t)
    var (k, hk) = linears[1].forward(c.n1, rows: t)
    let (v, hv) = linears[2].forward(c.n1, rows: t)
    (hiddens[0], hiddens[1], hiddens[2]) = (hq, hk, hv)
    rope(&q, heads: heads, rows: t, inverse: false)
    rope(&k, heads: kvHeads, rows: t, inverse: false)
    (c.q, c.k, c.v) = (q, k, v)
    var probabilities = [Float](repeating: 0, count: heads * t * t)
    var attended = [Float](repeating: 0, count: t * hidden)
    CausalAttention.forward(
      q: q, k: k, v: v, shape: shape(rows: t), probabilities: &probabilities,
      attended: &attended)
    c.probabilities = probabilities
    c.attended = attended
    let (o, ho) = linears[3].forward(attended, rows: t)
    hiddens[3] = ho
    c.x1 = zip(x, o).map { $0 + $1 }
    c.n2 = Self.rmsNorm(c.x1, weight: mlpNorm, rows: t, eps: epsilon)
    let (gate, hg) = linears[4].forward(c.n2, rows: t)
    let (up, hu) = linears[5].forward(c.n2, rows: t)
    (hiddens[4], hiddens[5]) = (hg, hu)
    c.gate = gate
    c.up = up
    c.gateActivation = gate.map(LlamaKernels.silu)
    c.product = zip(c.gateActivation, up).map { $0 * $1 }
    let (down, hd) = linears[6].forward(c.product, rows: t)
    hiddens[6] = hd
    c.hiddens = hiddens
    return (zip(c.x1, down).map { $0 + $1 }, c)
  }

  /// `dx` and the gradients of the seven adapters (q, k, v, o, gate, up, down) from `dy`, plus
  /// `gateGradient` (∂loss/∂silu(W_gate x), e.g. the density loss's) when given.
  public func backward(dy: [Float], cache c: Cache, gateGradient: [Float]? = nil)
    -> (dx: [Float], gradients: [LoRALinear.Gradients])
  {
    let t = c.rows
    var grads = [LoRALinear.Gradients](
      repeating: LoRALinear.Gradients(a: [], b: []), count: 7)
    // MLP.
    let (dProduct, gDown) = linears[6].backward(dy: dy, x: c.product, hidden: c.hiddens[6], rows: t)
    grads[6] = gDown
    var dGate = [Float](repeating: 0, count: t * intermediate)
    var dUp = [Float](repeating: 0, count: t * intermediate)
    for i in 0..<(t * intermediate) {
      var da = dProduct[i] * c.up[i]
      if let gateGradient { da += gateGradient[i] }
      dUp[i] = dProduct[i] * c.gateActivation[i]
      let g = c.gate[i]
      let sigma = 1 / (1 + expf(-g))
      dGate[i] = da * sigma * (1 + g * (1 - sigma))
    }
    var (dn2, gGate) = linears[4].backward(dy: dGate, x: c.n2, hidden: c.hiddens[4], rows: t)
    let (dn2Up, gUp) = linears[5].backward(dy: dUp, x: c.n2, hidden: c.hiddens[5], rows: t)
    (grads[4], grads[5]) = (gGate, gUp)
    for i in dn2.indices { dn2[i] += dn2Up[i] }
    var dx1 = Self.rmsNormBackward(
      dy: dn2, x: c.x1, weight: mlpNorm, rows: t, eps: epsilon)
    for i in dx1.indices { dx1[i] += dy[i] }
    // Attention.
    let (dAttended, gO) = linears[3].backward(
      dy: dx1, x: c.attended, hidden: c.hiddens[3], rows: t)
    grads[3] = gO
    var dq = [Float](repeating: 0, count: t * hidden)
    var dk = [Float](repeating: 0, count: t * kvDim)
    var dv = [Float](repeating: 0, count: t * kvDim)
    CausalAttention.backward(
      dAttended: dAttended, q: c.q, k: c.k, v: c.v, probabilities: c.probabilities,
      shape: shape(rows: t), dq: &dq, dk: &dk, dv: &dv)
    rope(&dq, heads: heads, rows: t, inverse: true)
    rope(&dk, heads: kvHeads, rows: t, inverse: true)
    var (dn1, gQ) = linears[0].backward(dy: dq, x: c.n1, hidden: c.hiddens[0], rows: t)
    let (dn1K, gK) = linears[1].backward(dy: dk, x: c.n1, hidden: c.hiddens[1], rows: t)
    let (dn1V, gV) = linears[2].backward(dy: dv, x: c.n1, hidden: c.hiddens[2], rows: t)
    (grads[0], grads[1], grads[2]) = (gQ, gK, gV)
    for i in dn1.indices { dn1[i] += dn1K[i] + dn1V[i] }
    var dx = Self.rmsNormBackward(dy: dn1, x: c.x, weight: attentionNorm, rows: t, eps: epsilon)
    for i in dx.indices { dx[i] += dx1[i] }
    return (dx, grads)
  }

  /// RoPE on pairs `(2i, 2i+1)` at positions `0..<rows`; `inverse` rotates back (the
  /// transpose, for the gradient).
  func rope(_ x: inout [Float], heads n: Int, rows: Int, inverse: Bool) {
    let stride = n * headDim
    let half = headDim / 2
    for r in 0..<rows {
      for i in 0..<half {
        let angle = Double(r) * pow(ropeTheta, -Double(2 * i) / Double(headDim))
        let cosine = Float(cos(angle))
        let sine = Float(inverse ? -sin(angle) : sin(angle))
        for h in 0..<n {
          let at = r * stride + h * headDim + 2 * i
          let (a, b) = (x[at], x[at + 1])
          x[at] = a * cosine - b * sine
          x[at + 1] = a * sine + b * cosine
        }
      }
    }
  }

  static func rmsNorm(_ x: [Float], weight: [Float], rows: Int, eps: Double) -> [Float] {
    var out = [Float](repeating: 0, count: x.count)
    LlamaKernels.rmsNorm(x, weight: weight, rows: rows, dim: weight.count, eps: eps, out: &out)
    return out
  }

  /// `dx = r · (w ⊙ dy) − r³ / D · x · Σ(w ⊙ dy ⊙ x)` per row, `r = 1/√(mean(x²) + ε)`.
  static func rmsNormBackward(
    dy: [Float], x: [Float], weight: [Float], rows: Int, eps: Double
  ) -> [Float] {
    let dim = weight.count
    var dx = [Float](repeating: 0, count: x.count)
    for row in 0..<rows {
      var sumSquares = 0.0
      var dot = 0.0
      for j in 0..<dim {
        let xv = Double(x[row * dim + j])
        sumSquares += xv * xv
        dot += Double(weight[j] * dy[row * dim + j]) * xv
      }
      let r = 1 / (sumSquares / Double(dim) + eps).squareRoot()
      for j in 0..<dim {
        let i = row * dim + j
        dx[i] = Float(r * Double(weight[j] * dy[i]) - r * r * r / Double(dim) * Double(x[i]) * dot)
      }
    }
    return dx
  }
}
