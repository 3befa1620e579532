/// One point of a sweep: a name (its run directory under `OUT/points/`) and the settings of
/// `deft-sim train` it runs with.
public struct SweepPoint: Sendable, Equatable {
  public var name: String
  /// Train option name (without `--`) → value, the spec's `base` overridden by the group's.
  public var settings: [(key: String, value: SweepValue)]
  /// The keys its group set (the rest came from `base`).
  public var groupKeys: [String]

  public init(
    name: String, settings: [(key: String, value: SweepValue)], groupKeys: [String] = []
  ) {
    self.name = name
    self.settings = settings
    self.groupKeys = groupKeys
  }

  public static func == (a: SweepPoint, b: SweepPoint) -> Bool {
    a.name == b.name && a.settings.map(\.key) == b.settings.map(\.key)
      && a.settings.map(\.value) == b.settings.map(\.value)
  }

  /// The settings as `deft-sim train` arguments, in key order.
  public var arguments: [String] {
    settings.flatMap { $0.value.arguments(key: $0.key) }
  }

  /// `key=value …` of every setting.
  public var summary: String {
    settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
  }

  /// `key=value …` of the settings its group set (`base` only: "base settings").
  public var groupSummary: String {
    let own = settings.filter { groupKeys.contains($0.key) }
    return own.isEmpty
      ? "base settings" : own.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
  }
}
