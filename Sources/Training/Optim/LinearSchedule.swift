/// Linear warm-up from 0 to the peak learning rate, then linear decay to 0 at `totalSteps`
/// (Hugging Face `get_linear_schedule_with_warmup`).
///
/// `learningRate(atStep:)` takes the 0-based index of the optimiser step about to be taken, so the
/// first step uses `peak · 0 / warmupSteps = 0` when there is any warm-up, and step
/// `warmupSteps` uses the peak.
public struct LinearSchedule: Sendable, Equatable, Codable {
  public var peakLearningRate: Float
  public var totalSteps: Int
  public var warmupSteps: Int

  public init(peakLearningRate: Float, totalSteps: Int, warmupSteps: Int) {
    precondition(totalSteps >= 0, "totalSteps must be >= 0, got \(totalSteps)")
    precondition(
      (0...max(totalSteps, 0)).contains(warmupSteps),
      "warmupSteps must be in 0...\(totalSteps), got \(warmupSteps)")
    self.peakLearningRate = peakLearningRate
    self.totalSteps = totalSteps
    self.warmupSteps = warmupSteps
  }

  /// Warm-up over `ceil(totalSteps · warmupFraction)` steps (Hugging Face `warmup_ratio`).
  public init(peakLearningRate: Float, totalSteps: Int, warmupFraction: Double) {
    precondition((0...1).contains(warmupFraction), "warmupFraction must be in 0...1")
    self.init(
      peakLearningRate: peakLearningRate, totalSteps: totalSteps,
      warmupSteps: Int((Double(totalSteps) * warmupFraction).rounded(.up)))
  }

  /// Learning rate of the 0-based optimiser step `step` (0 at and after `totalSteps`).
  public func learningRate(atStep step: Int) -> Float {
    precondition(step >= 0, "step must be >= 0, got \(step)")
    if step < warmupSteps {
      return peakLearningRate * Float(Double(step) / Double(max(1, warmupSteps)))
    }
    let remaining = Double(totalSteps - step) / Double(max(1, totalSteps - warmupSteps))
    return peakLearningRate * Float(max(0, remaining))
  }
}
