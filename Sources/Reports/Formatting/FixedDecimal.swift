import Foundation

/// Locale-independent fixed-point formatting, so every rendering of a number is the same bytes on
/// every machine: `FixedDecimal.string(1.23456, digits: 3)` is `"1.235"`. Negative zero prints
/// as zero, non-finite values as `n/a`.
public enum FixedDecimal {
  /// `value` with exactly `digits` digits after the decimal point.
  public static func string(_ value: Double, digits: Int) -> String {
    precondition((0...17).contains(digits), "digits must be in 0...17 (got \(digits))")
    guard value.isFinite else { return "n/a" }
    let text = String(format: "%.\(digits)f", value)
    // "-0.000" would differ from "0.000" for values that round to zero.
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(text.dropFirst())
    }
    return text
  }

  /// `fraction` × 100 with `digits` decimals and a percent sign: `0.0312` → `"3.1 %"`.
  public static func percent(_ fraction: Double, digits: Int = 1) -> String {
    string(fraction * 100, digits: digits) + " %"
  }

  /// A signed value: `+1.25`, `-0.40` (zero prints as `+0.00`).
  public static func signed(_ value: Double, digits: Int) -> String {
    let text = string(value, digits: digits)
    return text.hasPrefix("-") || text == "n/a" ? text : "+" + text
  }

  /// At most `maxDigits` decimals with trailing zeros dropped: `1` (not `1.00`), `1.5`, `3.25`.
  public static func trimmed(_ value: Double, maxDigits: Int = 2) -> String {
    let text = string(value, digits: maxDigits)
    guard text.contains(".") else { return text }
    var trimmed = Substring(text)
    while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
    if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
    return String(trimmed)
  }

  /// An optional value, `n/a` when absent.
  public static func string(_ value: Double?, digits: Int) -> String {
    value.map { string($0, digits: digits) } ?? "n/a"
  }
}
