/// Where the blocks of a ws window sit (docs/simulator-model.md, "Microarchitecture"): a window
/// holds `lanes × slots` blocks of g units; block q of the window goes to (lane, slot) by the
/// split: interleaved q mod lanes, q div lanes; contiguous q div slots, q mod slots. Array row
/// `lane·g + u` holds unit u of the block. Dense windows are the interleaved layout with
/// lanes = R and g = 1 (k = base + slot·R + row).
public struct WindowLayout: Sendable, Equatable {
  public let lanes: Int
  public let slots: Int
  public let granularity: Int
  public let contiguous: Bool

  public init(lanes: Int, slots: Int, granularity: Int, contiguous: Bool) {
    precondition(lanes > 0 && slots > 0 && granularity > 0, "empty window layout")
    self.lanes = lanes
    self.slots = slots
    self.granularity = granularity
    self.contiguous = contiguous
  }

  /// The layout `config` uses for ws windows of MLP-down (skip lanes) or of any dense GEMM.
  public init(config: HardwareConfig, skipping: Bool) {
    let z = config.zeroHandling
    let d = config.peArray.weightsPerPE
    if skipping {
      self.init(
        lanes: max(1, z.lanes), slots: d, granularity: z.granularityUnits,
        contiguous: z.laneSplit == .contiguous)
    } else {
      self.init(lanes: config.peArray.rows, slots: d, granularity: 1, contiguous: false)
    }
  }

  /// Blocks per window.
  public var capacity: Int { lanes * slots }

  @inline(__always)
  public func lane(ofPosition q: Int) -> Int { contiguous ? q / slots : q % lanes }

  @inline(__always)
  public func slot(ofPosition q: Int) -> Int { contiguous ? q % slots : q / lanes }

  /// Slots a window of `blocks` blocks (≤ capacity) uses: the weight load takes R per slot.
  public func slotsUsed(blocks: Int) -> Int {
    guard blocks > 0 else { return 0 }
    return contiguous ? min(slots, blocks) : (blocks + lanes - 1) / lanes
  }
}
