extension HardwareConfig {
  /// The dense config of (at most) the same area: this config without zero handling, with dense
  /// activations and one weight slot per PE, its PE array grown (rows and columns in turn, from
  /// the current shape) while the total area stays within this config's. Named
  /// `<name>-dense-equal-area`; used by reports for the equal-area comparison.
  public var equalAreaDenseTwin: HardwareConfig {
    var twin = denseBaseline
    twin.name = name + "-dense-equal-area"
    twin.peArray.weightsPerPE = 1
    twin.description = "dense config of the same area as \(name) (derived)"
    let target = AreaBreakdown(config: self).totalMM2
    var growRows = true
    while true {
      var next = twin
      if growRows { next.peArray.rows += 1 } else { next.peArray.columns += 1 }
      guard AreaBreakdown(config: next).totalMM2 <= target, next.peArray.rows <= 65536,
        next.peArray.columns <= 65536
      else {
        // Try the other side once before stopping.
        var other = twin
        if growRows { other.peArray.columns += 1 } else { other.peArray.rows += 1 }
        if AreaBreakdown(config: other).totalMM2 <= target && other.peArray.rows <= 65536
          && other.peArray.columns <= 65536
        {
          twin = other
          continue
        }
        return twin
      }
      twin = next
      growRows.toggle()
    }
  }
}
