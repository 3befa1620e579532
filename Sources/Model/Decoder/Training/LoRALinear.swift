/// A frozen linear map with a LoRA adapter: `y = x Wᵀ + s · (x Aᵀ) Bᵀ`, `W [out × in]` frozen,
/// `A [rank × in]`, `B [out × rank]` trainable, `s = alpha / rank`. With `B = 0` it equals the
/// frozen map bit for bit (the adapter term is added only when B has a non-zero entry).
public struct LoRALinear: Sendable {
  public let inputs: Int
  public let outputs: Int
  public let rank: Int
  public let scale: Float
  public var weight: [Float]
  public var a: [Float]
  public var b: [Float]

  public init(weight: [Float], inputs: Int, outputs: Int, rank: Int, alpha: Float, a: [Float]) {
    precondition(weight.count == inputs * outputs && a.count == rank * inputs)
    self.inputs = inputs
    self.outputs = outputs
    self.rank = rank
    self.scale = alpha / Float(rank)
    self.weight = weight
    self.a = a
    self.b = [Float](repeating: 0, count: outputs * rank)
  }

  public struct Gradients: Sendable {
    public var a: [Float]
    public var b: [Float]
  }

  /// `y [rows × out]` and the adapter's hidden `x Aᵀ [rows × rank]` (kept for backward).
  public func forward(_ x: [Float], rows: Int) -> (y: [Float], hidden: [Float]) {
    var y = [Float](repeating: 0, count: rows * outputs)
    MatrixProduct.gemm(x, weight, m: rows, n: outputs, k: inputs, transposeB: true, into: &y)
    var hidden = [Float](repeating: 0, count: rows * rank)
    MatrixProduct.gemm(x, a, m: rows, n: rank, k: inputs, transposeB: true, into: &hidden)
    if b.contains(where: { $0 != 0 }) {
      MatrixProduct.gemm(
        hidden, b, m: rows, n: outputs, k: rank, transposeB: true, alpha: scale, beta: 1, into: &y)
    }
    return (y, hidden)
  }

  /// `dx [rows × in]` and the adapter gradients, from `dy [rows × out]`.
  public func backward(dy: [Float], x: [Float], hidden: [Float], rows: Int)
    -> (dx: [Float], gradients: Gradients)
  {
    var dx = [Float](repeating: 0, count: rows * inputs)
    MatrixProduct.gemm(dy, weight, m: rows, n: inputs, k: outputs, into: &dx)
    var dyB = [Float](repeating: 0, count: rows * rank)
    MatrixProduct.gemm(dy, b, m: rows, n: rank, k: outputs, into: &dyB)
    MatrixProduct.gemm(dyB, a, m: rows, n: inputs, k: rank, alpha: scale, beta: 1, into: &dx)
    var db = [Float](repeating: 0, count: outputs * rank)
    MatrixProduct.gemm(
      dy, hidden, m: outputs, n: rank, k: rows, transposeA: true, alpha: scale, into: &db)
    var da = [Float](repeating: 0, count: rank * inputs)
    MatrixProduct.gemm(
      dyB, x, m: rank, n: inputs, k: rows, transposeA: true, alpha: scale, into: &da)
    return (dx, Gradients(a: da, b: db))
  }
}
