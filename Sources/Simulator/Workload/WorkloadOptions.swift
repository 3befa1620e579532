/// Choices about the workload that the trace header does not fix.
public struct WorkloadOptions: Codable, Sendable, Equatable {
  /// LoRA weights merged into the base weights (no extra cost, the default) or run as separate
  /// `T × in × r` and `T × r × out` GEMMs per target.
  public var loraMerged: Bool

  public init(loraMerged: Bool = true) {
    self.loraMerged = loraMerged
  }
}
