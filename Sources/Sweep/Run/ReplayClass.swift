import Foundation
import Simulator

/// Points whose replays count the same actions share one replay: everything of a config except
/// its name, description, clock, energy table and area table (which turn counts into time,
/// energy and area, see ``SweepMetrics``) plus the workload options. One replay per class means
/// one mask analysis per record and layer for every point of the class.
struct ReplayClass: Codable {
  var peArray: PEArray
  var operandPrecision: OperandPrecision
  var vectorUnitLanes: Int
  var zeroHandling: ZeroHandling
  var activationFormat: ActivationFormat
  var sram: SRAMBuffers
  var dramBytesPerCycle: Double
  var doubleBuffering: Bool
  var mapping: Mapping
  var options: WorkloadOptions

  init(_ point: SweepPoint) {
    let c = point.config
    peArray = c.peArray
    operandPrecision = c.operandPrecision
    vectorUnitLanes = c.vectorUnitLanes
    zeroHandling = c.zeroHandling
    activationFormat = c.activationFormat
    sram = c.sram
    dramBytesPerCycle = c.dramBytesPerCycle
    doubleBuffering = c.doubleBuffering
    mapping = c.mapping
    options = point.options
  }

  /// A canonical text of the class (sorted-key JSON), the dictionary key.
  var key: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(self) else {
      preconditionFailure("a replay class always encodes")
    }
    return String(decoding: data, as: UTF8.self)
  }
}
