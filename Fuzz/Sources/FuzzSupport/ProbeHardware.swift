import Foundation
import Simulator
import TraceFormat

/// A small valid hardware config and a small trace for harnesses that need the other input.
public enum ProbeHardware {
  public static let json = """
    {"formatVersion": 1, "name": "fuzz-npu", "description": "",
     "peArray": {"rows": 8, "columns": 8, "dataflow": "ws", "overlapFoldFillDrain": false},
     "clockGHz": 1.0, "operandPrecision": "int8", "vectorUnitLanes": 16,
     "zeroHandling": {"mode": "skip", "granularityUnits": 1, "lanes": 8,
                      "laneSplit": "interleaved"},
     "activationFormat": {"kind": "bitmask", "metadataBits": 1},
     "sram": {"ifmapKiB": 16, "filterKiB": 16, "ofmapKiB": 8},
     "dramBytesPerCycle": 16, "doubleBuffering": true,
     "energy": {"source": "defaults", "staticPowerMW": 30}}
    """

  /// A second config reaching the other engine paths: an os array that skips blocks of two units
  /// (row groups), with resident weights and a fused MLP (small probe models fit its buffers).
  public static let osJSON = """
    {"formatVersion": 1, "name": "fuzz-npu-os", "description": "",
     "peArray": {"rows": 4, "columns": 4, "dataflow": "os"},
     "clockGHz": 1.0, "operandPrecision": "int8", "vectorUnitLanes": 8,
     "zeroHandling": {"mode": "skip", "granularityUnits": 2, "lanes": 4,
                      "laneSplit": "token-per-lane"},
     "activationFormat": {"kind": "bitmask", "metadataBits": 1},
     "sram": {"ifmapKiB": 64, "filterKiB": 64, "ofmapKiB": 16},
     "mapping": {"residentWeights": true, "fusedMLP": true},
     "dramBytesPerCycle": 8, "doubleBuffering": false,
     "energy": {"source": "defaults", "staticPowerMW": 10}}
    """

  public static let config = decode(json, file: "fuzz-npu.json")
  public static let osConfig = decode(osJSON, file: "fuzz-npu-os.json")

  /// The configs and batch sizes a trace is replayed with (``TraceProbe``).
  public static let replays: [(config: HardwareConfig, options: WorkloadOptions)] = [
    (config, WorkloadOptions(batchSequences: 2)),
    (osConfig, WorkloadOptions(loraMerged: false, batchSequences: 1)),
  ]

  static func decode(_ json: String, file: String) -> HardwareConfig {
    do { return try HardwareConfig.decode(json: Data(json.utf8), file: file) } catch {
      preconditionFailure("the probe config is invalid: \(error)")
    }
  }

  /// Three sequences of a two-layer model with 64 MLP units.
  public static let trace: (header: TraceHeader, records: [TraceRecord]) = {
    let synthetic = SyntheticTrace(
      SyntheticTraceSpec(
        model: ModelDimensions(name: "fuzz", layers: 2, hidden: 16, intermediate: 64, heads: 2),
        sequences: 3, tokenCounts: 2...9, density: 0.4, blockCorrelation: 0.3, blockSize: 4,
        seed: 7))
    return (synthetic.header(), (0..<3).map { synthetic.record(at: $0) })
  }()
}
