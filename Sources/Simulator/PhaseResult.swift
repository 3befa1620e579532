/// The figures of one phase of a version-2 replay (docs/simulator-model.md, "Version-2
/// workloads"): an encoder pass, the prefill of the prompts, or the decode steps.
///
/// A *run* is what the hardware executes at once: a batch of up to `--batch-sequences`
/// sequences (encoder, prefill), or one decode step of the live sequences of a batch (each
/// produces one token per live sequence). Latency per run is the prefill latency of a batch
/// (time to its first tokens) and, for decode, the latency per generated token.
public struct PhaseResult: Codable, Sendable, Equatable {
  /// `encoder`, `prefill` or `decode`.
  public var phase: String
  /// Records of this phase (one per sequence in a well-formed trace).
  public var sequences: Int
  public var tokens: Int
  /// Batches (encoder, prefill) or batched decode steps.
  public var runs: Int
  /// All layers (and the LM head) of every run of the phase.
  public var total: WorkResult
  public var denseTotal: WorkResult
  /// Dense-baseline cycles / cycles.
  public var speedup: Double
  public var energySaving: Double
  /// Mean latency of a run: prefill latency per batch, decode latency per token (step).
  public var latencyPerRunMicroseconds: Double
  public var denseLatencyPerRunMicroseconds: Double
  /// Tokens processed (encoder, prefill) or generated (decode) per second.
  public var tokensPerSecond: Double
  public var denseTokensPerSecond: Double
  public var energyPerTokenMicrojoules: Double
  public var denseEnergyPerTokenMicrojoules: Double

  public init(
    phase: String, sequences: Int, tokens: Int, runs: Int, total: WorkResult,
    denseTotal: WorkResult
  ) {
    self.phase = phase
    self.sequences = sequences
    self.tokens = tokens
    self.runs = runs
    self.total = total
    self.denseTotal = denseTotal
    speedup = ratio(denseTotal.counts.totalCycles, total.counts.totalCycles)
    energySaving = saving(total.energyPJ, dense: denseTotal.energyPJ)
    func perRun(_ work: WorkResult) -> Double {
      runs > 0 ? work.latencyMicroseconds / Double(runs) : 0
    }
    func rate(_ work: WorkResult) -> Double {
      work.latencyMicroseconds > 0 ? Double(tokens) / (work.latencyMicroseconds / 1e6) : 0
    }
    func perToken(_ work: WorkResult) -> Double {
      tokens > 0 ? work.energyMicrojoules / Double(tokens) : 0
    }
    latencyPerRunMicroseconds = perRun(total)
    denseLatencyPerRunMicroseconds = perRun(denseTotal)
    tokensPerSecond = rate(total)
    denseTokensPerSecond = rate(denseTotal)
    energyPerTokenMicrojoules = perToken(total)
    denseEnergyPerTokenMicrojoules = perToken(denseTotal)
  }
}
