/// The identity of a sweep: a 64-bit FNV-1a hash of the spec's canonical content (base config,
/// axes, traces as written, constraints, invalid-point policy). Shards merge only when equal.
public enum SweepDigest {
  public static func of(_ spec: SweepSpec) -> String {
    var parts = ["sweep-v1", spec.name, spec.base.canonicalText, spec.invalidPoints.rawValue]
    for axis in spec.axes {
      parts.append(
        JSONValue.array(axis.keys.map(JSONValue.string)).canonicalText + "="
          + JSONValue.array(axis.values.map(JSONValue.array)).canonicalText)
    }
    parts += spec.traces.map(\.path)
    parts += spec.constraints.map(\.text)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in parts.joined(separator: "\u{1F}").utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
