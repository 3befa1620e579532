import Model
import TraceFormat

/// The zero definitions a decoder evaluation reports densities under (`exact`, |a| > 0.01,
/// |a| > 0.1, per-layer τ calibrated to a target density, int-N), and the one its trace uses.
public struct DecoderZeroDefinitions: Sendable {
  public let all: [(label: String, definition: ZeroDefinition)]
  public let trace: ZeroDefinition

  /// `traceZero`: `exact`, `threshold:τ`, `int…` (int-N) or anything else (per-layer τ).
  public init(
    calibration: DecoderZeroCalibration, targetDensity: Double, quantizationBits: Int,
    traceZero: String
  ) {
    let perLayer = calibration.perLayerThreshold(density: targetDensity)
    let integer = calibration.integer(bits: quantizationBits)
    all = [
      ("exact", .exact), ("|a|>0.01", .threshold(0.01)), ("|a|>0.1", .threshold(0.1)),
      ("per-layer τ@\(targetDensity)", perLayer), ("int\(quantizationBits)", integer),
    ]
    if traceZero == "exact" {
      trace = .exact
    } else if traceZero.hasPrefix("threshold:"), let tau = Float(traceZero.dropFirst(10)),
      tau >= 0
    {
      trace = .threshold(tau)
    } else if traceZero.hasPrefix("int") {
      trace = integer
    } else {
      trace = perLayer
    }
  }
}
