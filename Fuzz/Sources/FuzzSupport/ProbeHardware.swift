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

  public static let config: HardwareConfig = {
    do { return try HardwareConfig.decode(json: Data(json.utf8), file: "fuzz-npu.json") } catch {
      preconditionFailure("the probe config is invalid: \(error)")
    }
  }()

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
