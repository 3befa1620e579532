import Foundation

/// Maps a data interval onto a pixel interval, with "nice" ticks (1, 2 or 5 × 10^k steps,
/// Heckbert 1990) whose labels use as few decimals as the step needs and an SI suffix for large
/// values (`1.5M`).
public struct LinearScale: Sendable, Equatable {
  /// The data interval, widened to whole tick steps.
  public private(set) var lower: Double
  public private(set) var upper: Double
  /// Tick positions in data units, ascending.
  public private(set) var ticks: [Double]
  public private(set) var step: Double
  /// Pixel positions of ``lower`` and ``upper`` (for a y axis `from` is the bottom).
  public var from: Double
  public var to: Double

  /// A scale covering `values` (and zero when `includeZero`), with about `tickCount` ticks.
  public init(
    covering values: [Double], includeZero: Bool = true, tickCount: Int = 5, from: Double = 0,
    to: Double = 1
  ) {
    let finite = values.filter(\.isFinite)
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if includeZero {
      low = min(low, 0)
      high = max(high, 0)
    }
    if high - low < 1e-12 * max(1, abs(high)) {
      // A single value: give it some room either side (or above zero).
      let pad = abs(high) > 0 ? abs(high) * 0.1 : 1
      high += pad
      low = includeZero && low >= 0 ? low : low - pad
    }
    let step = Self.niceNumber((high - low) / Double(max(1, tickCount - 1)), round: true)
    // Ticks are whole multiples of the step, so zero is exactly zero.
    let first = (low / step).rounded(.down)
    let last = (high / step).rounded(.up)
    self.step = step
    self.lower = first * step
    self.upper = last * step
    self.ticks = (0...Int(last - first)).map { (first + Double($0)) * step }
    self.from = from
    self.to = to
  }

  /// The pixel position of `value`.
  public func position(_ value: Double) -> Double {
    from + (value - lower) / (upper - lower) * (to - from)
  }

  /// A tick label: decimals from the step, SI suffix (k, M, G, T) from the largest tick.
  public func label(_ value: Double) -> String {
    if value == 0 { return "0" }
    let largest = max(abs(lower), abs(upper))
    var divisor = 1.0
    var suffix = ""
    // Plain numbers up to 9999, then k, M, G, T.
    for (power, name) in [(12.0, "T"), (9.0, "G"), (6.0, "M"), (3.0, "k")]
    where largest >= max(1e4, pow(10, power)) {
      divisor = pow(10, power)
      suffix = name
      break
    }
    let scaledStep = step / divisor
    let digits = max(0, min(6, Int((-log10(scaledStep)).rounded(.up))))
    return FixedDecimal.string(value / divisor, digits: digits) + suffix
  }

  /// The nearest "nice" number to `x`: 1, 2, 5 or 10 × a power of ten.
  static func niceNumber(_ x: Double, round: Bool) -> Double {
    guard x > 0, x.isFinite else { return 1 }
    let exponent = (log10(x)).rounded(.down)
    let fraction = x / pow(10, exponent)
    let nice: Double
    if round {
      nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    } else {
      nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    }
    return nice * pow(10, exponent)
  }
}
