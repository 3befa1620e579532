/// A sparsity-aware accelerator: a systolic PE array, a vector unit, a zero-handling unit for the
/// MLP-down input activations, SRAM buffers, a DRAM interface and an energy table.
///
/// Decode and validate files with ``HardwareConfig/load(path:)`` or
/// ``HardwareConfig/decode(json:file:)``, which collect every problem at once. The synthesized
/// `Codable` conformance writes the resolved config (all defaults filled in) into results.
/// Key names and units are described in `docs/hwconfig.md`.
public struct HardwareConfig: Codable, Sendable, Equatable {
  /// The hardware config format version this build reads and writes.
  public static let currentFormatVersion = 1

  public var formatVersion: Int
  public var name: String
  public var description: String
  public var peArray: PEArray
  public var clockGHz: Double
  public var operandPrecision: OperandPrecision
  public var vectorUnitLanes: Int
  public var zeroHandling: ZeroHandling
  public var activationFormat: ActivationFormat
  public var sram: SRAMBuffers
  public var dramBytesPerCycle: Double
  public var doubleBuffering: Bool
  /// How GEMMs are mapped onto the array and the buffers (docs/simulator-model.md).
  public var mapping: Mapping
  public var energy: EnergyTable
  /// Per-component area at the energy table's node (docs/hwconfig.md, "Area").
  public var area: AreaTable

  public init(
    formatVersion: Int = HardwareConfig.currentFormatVersion, name: String,
    description: String = "", peArray: PEArray, clockGHz: Double,
    operandPrecision: OperandPrecision, vectorUnitLanes: Int, zeroHandling: ZeroHandling,
    activationFormat: ActivationFormat, sram: SRAMBuffers, dramBytesPerCycle: Double,
    doubleBuffering: Bool, mapping: Mapping = Mapping(), energy: EnergyTable,
    area: AreaTable? = nil
  ) {
    self.formatVersion = formatVersion
    self.name = name
    self.description = description
    self.peArray = peArray
    self.clockGHz = clockGHz
    self.operandPrecision = operandPrecision
    self.vectorUnitLanes = vectorUnitLanes
    self.zeroHandling = zeroHandling
    self.activationFormat = activationFormat
    self.sram = sram
    self.dramBytesPerCycle = dramBytesPerCycle
    self.doubleBuffering = doubleBuffering
    self.mapping = mapping
    self.energy = energy
    self.area = area ?? AreaTable.defaults(precision: operandPrecision)
  }

  /// The same hardware without zero handling and with dense activations: the baseline every
  /// replay is compared against.
  public var denseBaseline: HardwareConfig {
    var copy = self
    copy.zeroHandling = ZeroHandling(
      mode: .none, granularityUnits: 1, lanes: 0, laneSplit: .none, foldCompaction: false)
    copy.activationFormat = ActivationFormat(kind: .dense, metadataBits: 0)
    return copy
  }

  /// Number of processing elements.
  public var peCount: Int { peArray.rows * peArray.columns }
}

/// The systolic array: `rows × columns` PEs and how a GEMM is mapped onto them.
public struct PEArray: Codable, Sendable, Equatable {
  public var rows: Int
  public var columns: Int
  public var dataflow: Dataflow
  /// PE weight double-buffering: two weight banks and a load chain per PE, so the next window's
  /// weights shift in while the current one streams (ws), or two accumulators per PE (os).
  /// SCALE-Sim has neither (`mapping.model` "scale-sim" requires false).
  public var overlapFoldFillDrain: Bool
  /// Weight slots per PE (D): a ws window holds R·D weight rows; D > 1 is the indexed weight
  /// store that Cnvlutin-style skip lanes pick from. 1 for os and is.
  public var weightsPerPE: Int

  public init(
    rows: Int, columns: Int, dataflow: Dataflow, overlapFoldFillDrain: Bool = false,
    weightsPerPE: Int = 1
  ) {
    self.rows = rows
    self.columns = columns
    self.dataflow = dataflow
    self.overlapFoldFillDrain = overlapFoldFillDrain
    self.weightsPerPE = weightsPerPE
  }

  private enum CodingKeys: String, CodingKey {
    case rows, columns, dataflow, overlapFoldFillDrain, weightsPerPE
  }

  /// `weightsPerPE` is optional (absent: 1), so results written before it existed decode.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    rows = try c.decode(Int.self, forKey: .rows)
    columns = try c.decode(Int.self, forKey: .columns)
    dataflow = try c.decode(Dataflow.self, forKey: .dataflow)
    overlapFoldFillDrain = try c.decode(Bool.self, forKey: .overlapFoldFillDrain)
    weightsPerPE = try c.decodeIfPresent(Int.self, forKey: .weightsPerPE) ?? 1
  }
}

/// SCALE-Sim's three dataflows.
public enum Dataflow: String, Codable, Sendable, CaseIterable {
  /// Weight-stationary: rows hold K, columns hold N, M is streamed.
  case ws
  /// Output-stationary: rows hold M, columns hold N, K is streamed.
  case os
  /// Input-stationary: rows hold K, columns hold M, N is streamed.
  case `is`
}

/// Operand precision of the PE array; sets the bytes per operand word.
public enum OperandPrecision: String, Codable, Sendable, CaseIterable {
  case int8, fp16, bf16, fp32

  public var bytesPerWord: Int {
    switch self {
    case .int8: return 1
    case .fp16, .bf16: return 2
    case .fp32: return 4
    }
  }
}

/// What the hardware does with zero MLP-down input activations.
public struct ZeroHandling: Codable, Sendable, Equatable {
  public enum Mode: String, Codable, Sendable, CaseIterable {
    /// Dense: zeros are multiplied like any value.
    case none
    /// MACs with a zero activation are clock-gated: same cycles, gated MAC energy.
    case gate
    /// Zero blocks of `granularityUnits` consecutive units along K are not issued.
    case skip
  }

  /// How the non-zero blocks of the reduction dimension are distributed over the skip lanes.
  public enum LaneSplit: String, Codable, Sendable, CaseIterable {
    /// Not applicable (modes `none` and `gate`).
    case none
    /// ws: block `b` goes to lane `b mod lanes`.
    case interleaved
    /// ws: lane `l` owns the contiguous blocks `[l·c, (l+1)·c)`, `c = ceil(blocks / lanes)`.
    case contiguous
    /// os: each array row is a lane holding one token.
    case tokenPerLane = "token-per-lane"
  }

  public var mode: Mode
  /// Skip granularity g along K, in activation units (1 = element skipping).
  public var granularityUnits: Int
  /// Skip lanes working in lockstep (0 when not skipping).
  public var lanes: Int
  public var laneSplit: LaneSplit
  /// ws skip: the loader gathers the M tile's union of weight rows by index and packs them into
  /// ⌈union blocks / (lanes · weightsPerPE)⌉ windows (docs/simulator-model.md).
  public var foldCompaction: Bool

  public init(
    mode: Mode, granularityUnits: Int, lanes: Int, laneSplit: LaneSplit,
    foldCompaction: Bool = false
  ) {
    self.mode = mode
    self.granularityUnits = granularityUnits
    self.lanes = lanes
    self.laneSplit = laneSplit
    self.foldCompaction = foldCompaction
  }
}

/// How MLP-down input activations are stored in SRAM and DRAM.
public struct ActivationFormat: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// Every value stored, no metadata.
    case dense
    /// One metadata bit per unit plus the non-zero values.
    case bitmask
    /// Each non-zero value with a `metadataBits`-bit count of the zeros before it.
    case rle
  }

  public var kind: Kind
  /// Metadata bits: 0 for dense, 1 per unit for bitmask, the run-length field width for rle.
  public var metadataBits: Int

  public init(kind: Kind, metadataBits: Int) {
    self.kind = kind
    self.metadataBits = metadataBits
  }
}

/// On-chip SRAM: one buffer per operand, or one shared buffer.
public struct SRAMBuffers: Codable, Sendable, Equatable {
  public var ifmapKiB: Double?
  public var filterKiB: Double?
  public var ofmapKiB: Double?
  public var sharedKiB: Double?

  public static func perOperand(ifmapKiB: Double, filterKiB: Double, ofmapKiB: Double)
    -> SRAMBuffers
  {
    SRAMBuffers(ifmapKiB: ifmapKiB, filterKiB: filterKiB, ofmapKiB: ofmapKiB, sharedKiB: nil)
  }

  public static func shared(kiB: Double) -> SRAMBuffers {
    SRAMBuffers(ifmapKiB: nil, filterKiB: nil, ofmapKiB: nil, sharedKiB: kiB)
  }

  /// Total capacity in KiB.
  public var totalKiB: Double {
    sharedKiB ?? ((ifmapKiB ?? 0) + (filterKiB ?? 0) + (ofmapKiB ?? 0))
  }

  /// Total capacity in bytes (sizes are limited to ``HardwareLimits/sramKiB``, so this fits).
  public var totalBytes: Int { Int(totalKiB * 1024) }
}

extension ZeroHandling {
  private enum CodingKeys: String, CodingKey {
    case mode, granularityUnits, lanes, laneSplit, foldCompaction
  }

  /// Writes `granularityUnits`, `lanes` and `laneSplit` only for mode `skip`, so a written config
  /// reads back through validation.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mode, forKey: .mode)
    guard mode == .skip else { return }
    try c.encode(granularityUnits, forKey: .granularityUnits)
    try c.encode(lanes, forKey: .lanes)
    try c.encode(laneSplit, forKey: .laneSplit)
    try c.encode(foldCompaction, forKey: .foldCompaction)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    mode = try c.decode(Mode.self, forKey: .mode)
    granularityUnits = try c.decodeIfPresent(Int.self, forKey: .granularityUnits) ?? 1
    lanes = try c.decodeIfPresent(Int.self, forKey: .lanes) ?? 0
    laneSplit = try c.decodeIfPresent(LaneSplit.self, forKey: .laneSplit) ?? .none
    foldCompaction = try c.decodeIfPresent(Bool.self, forKey: .foldCompaction) ?? false
  }
}
