/// One matrix product of a layer: an `m × k` input times a `k × n` weight (or second operand),
/// repeated `instances` times (e.g. once per attention head).
public struct GEMMShape: Codable, Sendable, Equatable, Hashable {
  /// Stable name used in results: `qkv-projection`, `attention-scores`, `mlp-down`, ….
  public var name: String
  public var m: Int
  public var k: Int
  public var n: Int
  public var instances: Int
  /// The MLP-down GEMM, whose input is the traced activation pattern.
  public var isMLPDown: Bool
  /// Both operands belong to one sequence (attention scores and context: each sequence attends
  /// to itself), so a batch runs it once per sequence instead of once with M = the batch's
  /// tokens.
  public var perSequence: Bool

  public init(
    name: String, m: Int, k: Int, n: Int, instances: Int = 1, isMLPDown: Bool = false,
    perSequence: Bool = false
  ) {
    precondition(m >= 0 && k > 0 && n > 0 && instances > 0, "GEMM \(name) \(m)x\(k)x\(n)")
    self.name = name
    self.m = m
    self.k = k
    self.n = n
    self.instances = instances
    self.isMLPDown = isMLPDown
    self.perSequence = perSequence
  }

  /// Multiply-accumulates of all instances.
  public var macs: Int { m * k * n * instances }
}
