/// One optimiser step of a decoder fine-tuning run (SQuAD generation or SST-2 label words): the
/// task loss, the density loss and the gate density it measured.
public struct DecoderTrainingLog: Sendable {
  public var step: Int
  public var taskLoss: Double
  public var densityLoss: Double
  public var density: Double
}
