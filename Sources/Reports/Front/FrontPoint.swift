/// One trained point of an accuracy–density–speedup front: its task metric, its densities under
/// the trace's zero definition, and what the simulator estimates on each hardware config.
public struct FrontPoint: Sendable, Equatable, Codable {
  /// Estimated effect on one hardware config (against the same hardware without zero handling).
  public struct Hardware: Sendable, Equatable, Codable {
    public var config: String
    /// Dense-baseline cycles / cycles.
    public var speedup: Double
    /// 1 − energy / dense-baseline energy.
    public var energySaving: Double
    /// Estimated cycles and energy of the point's whole evaluation (absent in fronts written
    /// before they were recorded).
    public var cycles: Int?
    public var energyMicrojoules: Double?
    /// The sweep's PEFT point's cycles / this point's cycles on the same config: what DEFT (or
    /// ADA-DEFT's skipped blocks) saves over plain PEFT. Nil without a PEFT point.
    public var speedupOverPEFT: Double?
    /// 1 − energy / the PEFT point's energy on the same config.
    public var energySavingOverPEFT: Double?
    /// On the Pareto front of accuracy against `frontSpeedup`.
    public var pareto: Bool

    public init(
      config: String, speedup: Double, energySaving: Double, cycles: Int? = nil,
      energyMicrojoules: Double? = nil, pareto: Bool = false
    ) {
      self.config = config
      self.speedup = speedup
      self.energySaving = energySaving
      self.cycles = cycles
      self.energyMicrojoules = energyMicrojoules
      self.pareto = pareto
    }

    /// The speedup the front is drawn against: over the PEFT point when the sweep has one (a
    /// skipped MLP block saves time on any hardware, which the speedup over the same hardware
    /// without zero handling does not show), else over that dense baseline.
    public var frontSpeedup: Double { speedupOverPEFT ?? speedup }

    /// Sets `speedupOverPEFT` and `energySavingOverPEFT` against `peft` (the PEFT run on the same
    /// config); left nil when it or either cycle count is unknown.
    public mutating func relate(to peft: Hardware?) {
      guard let peft, let baseCycles = peft.cycles, let cycles, cycles > 0 else { return }
      speedupOverPEFT = Double(baseCycles) / Double(cycles)
      if let baseEnergy = peft.energyMicrojoules, let energyMicrojoules, baseEnergy > 0 {
        energySavingOverPEFT = 1 - energyMicrojoules / baseEnergy
      }
    }
  }

  public var name: String
  /// The point's train settings, `key=value …`.
  public var settings: String
  /// `peft`, `element`, `int8`, `block`, `tile` or `ada` (the series it is drawn in).
  public var kind: String
  /// Task metric name and value in %.
  public var metric: String
  public var accuracy: Double
  /// Zero definition of the densities (the trace's, e.g. `int8`).
  public var zeroDefinition: String
  /// % non-zero MLP activations over all layers and real tokens.
  public var density: Double
  /// % non-zero blocks of `blockUnits` units, mean over layers.
  public var blockDensity: Double?
  /// % of units non-zero in the union over tiles of `tileTokens` tokens, mean over layers.
  public var tileDensity: Double?
  public var blockUnits: Int?
  public var tileTokens: Int?
  /// ADA-DEFT: MLP blocks skipped at inference.
  public var skippedBlocks: Int
  public var hardware: [Hardware]
  /// On the Pareto front of accuracy against density.
  public var pareto: Bool
  /// The run directory.
  public var runDirectory: String

  public init(
    name: String, settings: String, kind: String, metric: String, accuracy: Double,
    zeroDefinition: String, density: Double, blockDensity: Double?, tileDensity: Double?,
    blockUnits: Int?, tileTokens: Int?, skippedBlocks: Int, hardware: [Hardware],
    runDirectory: String
  ) {
    self.name = name
    self.settings = settings
    self.kind = kind
    self.metric = metric
    self.accuracy = accuracy
    self.zeroDefinition = zeroDefinition
    self.density = density
    self.blockDensity = blockDensity
    self.tileDensity = tileDensity
    self.blockUnits = blockUnits
    self.tileTokens = tileTokens
    self.skippedBlocks = skippedBlocks
    self.hardware = hardware
    self.pareto = false
    self.runDirectory = runDirectory
  }
}

/// A point drawn beside the front but not trained here (e.g. the PyTorch reference's).
public struct FrontReferencePoint: Sendable, Equatable, Codable {
  public var name: String
  public var accuracy: Double
  public var density: Double

  public init(name: String, accuracy: Double, density: Double) {
    self.name = name
    self.accuracy = accuracy
    self.density = density
  }
}
