import Model

/// One optimiser step of a decoder fine-tuning run (SQuAD generation or SST-2 label words): the
/// task loss, the density loss and the gate density it measured.
public struct DecoderTrainingLog: Sendable {
  public var step: Int
  public var taskLoss: Double
  public var densityLoss: Double
  public var density: Double
}

extension DecoderTrainingLog {
  /// The entry of step `step` (1-based) from what the model's training step measured.
  init(step: Int, _ result: DecoderLoRAModel.Step) {
    self.step = step
    taskLoss = result.taskLoss
    densityLoss = result.densityLoss
    density = result.density
  }
}
