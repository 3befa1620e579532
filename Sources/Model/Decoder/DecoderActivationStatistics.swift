/// Statistics of the decoder's MLP activations over the rows of one or more forward calls, as
/// the golden file records them: sum, sum of squares, counts of |a| > 1e-2 and > 1e-1.
public struct DecoderActivationStatistics: Sendable, Equatable {
  public struct Moments: Sendable, Equatable {
    public var sum: Double = 0
    public var sumOfSquares: Double = 0
    public var countAbove1e2 = 0
    public var countAbove1e1 = 0
    public var count = 0

    mutating func add(_ values: UnsafeBufferPointer<Float>) {
      for v in values {
        let d = Double(v)
        sum += d
        sumOfSquares += d * d
        if abs(v) > 1e-2 { countAbove1e2 += 1 }
        if abs(v) > 1e-1 { countAbove1e1 += 1 }
      }
      count += values.count
    }
  }

  /// `silu(W_gate x)`.
  public var gate = Moments()
  /// `silu(W_gate x) ⊙ (W_up x)`.
  public var downInput = Moments()

  public init() {}

  public mutating func add(gate: UnsafeBufferPointer<Float>, downInput: UnsafeBufferPointer<Float>)
  {
    self.gate.add(gate)
    self.downInput.add(downInput)
  }
}
