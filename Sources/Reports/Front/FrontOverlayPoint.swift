/// A run drawn over a cached front (a report's own PEFT or DEFT trace): its task metric, its
/// density under the trace's zero definition and its estimated speedup on the front's configs
/// that the report also replayed.
public struct FrontOverlayPoint: Sendable, Equatable, Codable {
  /// The legend entry of the overlaid runs.
  public static let seriesName = "this report"

  /// The trace's label in the report (`PEFT`, `DEFT`).
  public var name: String
  /// Task metric in % (nil when the trace header has none: then the point is not drawn).
  public var accuracy: Double?
  /// % non-zero MLP activations over all layers and real tokens.
  public var density: Double
  /// Zero definition of `density` (the trace's).
  public var zeroDefinition: String
  /// Against the same hardware without zero handling, for each front config the report has.
  public var hardware: [FrontPoint.Hardware]

  public init(
    name: String, accuracy: Double?, density: Double, zeroDefinition: String,
    hardware: [FrontPoint.Hardware]
  ) {
    self.name = name
    self.accuracy = accuracy
    self.density = density
    self.zeroDefinition = zeroDefinition
    self.hardware = hardware
  }

  /// The estimate on `config`, if the report replayed it.
  public func hardware(_ config: String) -> FrontPoint.Hardware? {
    hardware.first { $0.config == config }
  }
}
